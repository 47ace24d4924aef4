//! Case-insensitive patterns rewritten to read ASCII-lowercased text.
//!
//! `(?i)` in the regex crate folds case by Unicode's rules: every literal
//! word becomes a set of case variants ('k' also matches the Kelvin sign,
//! 's' the long s), and building the matcher's literal search from those
//! sets took half of a short run's time. Rules read English: a pattern that
//! is case-insensitive throughout is rewritten with its ASCII letters in
//! lower case (other letters spelt out in their cases, 'É' as `[Éé]`) and
//! run on the text lowercased byte for byte, which keeps every offset.

use regex_syntax::ast::{
    self, Ast, ClassSet, ClassSetItem, ClassSetUnion, Flag, Flags, FlagsItemKind, GroupKind,
    Literal, LiteralKind, parse::Parser, print::Printer,
};

/// `pattern` rewritten to match ASCII-lowercased text as it matched the
/// text, when it is case-insensitive throughout; `None` when it has no `i`
/// flag, a letter that must keep its case, or a class this cannot spell
/// out exactly (a Unicode category such as `\p{Lu}`, `[:upper:]`).
pub(crate) fn lowered(pattern: &str) -> Option<String> {
    let (ast, true) = parsed(pattern)? else {
        return None;
    };
    let mut out = String::with_capacity(pattern.len());
    Printer::new().print(&ast, &mut out).ok()?;
    Some(out)
}

/// `pattern` parsed once, then rewritten as `lowered` says when it can be
/// (true) or as written (false); `None` when it does not parse. Building
/// the matcher from this tree spares parsing a printed copy again.
pub(crate) fn parsed(pattern: &str) -> Option<(Ast, bool)> {
    let parse = || Parser::new().parse(pattern).ok();
    let mut ast = parse()?;
    // without the flag nothing is rewritten, so a walk is wasted
    if !pattern.contains("(?i") {
        return Some((ast, false));
    }
    let mut walk = Walk::default();
    if walk.rewrite(&mut ast) && walk.saw_flag {
        return Some((ast, true));
    }
    // a walk that fails part way has rewritten part of the tree
    Some((parse()?, false))
}

/// A `lowered` pattern spelt out to read the text as written, each ASCII
/// letter as both its cases (`dose` as `[dD][oO][sS][eE]`): it matches
/// where the lowered pattern matches the lowercased text. For long texts,
/// where lowercasing a copy at each search would cost more than the search.
pub(crate) fn spelled(lowered: &str) -> Option<String> {
    let mut ast = Parser::new().parse(lowered).ok()?;
    spell(&mut ast);
    let mut out = String::with_capacity(lowered.len() * 2);
    Printer::new().print(&ast, &mut out).ok()?;
    Some(out)
}

fn spell(ast: &mut Ast) {
    match ast {
        Ast::Literal(lit) if lit.c.is_ascii_lowercase() => {
            let upper = verbatim(lit, lit.c.to_ascii_uppercase());
            *ast = Ast::class_bracketed(ast::ClassBracketed {
                span: lit.span,
                negated: false,
                kind: ClassSet::union(ClassSetUnion {
                    span: lit.span,
                    items: vec![
                        ClassSetItem::Literal((**lit).clone()),
                        ClassSetItem::Literal(upper),
                    ],
                }),
            });
        }
        Ast::ClassBracketed(class) => spell_set(&mut class.kind),
        Ast::Repetition(rep) => spell(&mut rep.ast),
        Ast::Group(group) => spell(&mut group.ast),
        Ast::Alternation(alt) => alt.asts.iter_mut().for_each(spell),
        Ast::Concat(cat) => cat.asts.iter_mut().for_each(spell),
        _ => {}
    }
}

/// Adds to a class the capital of each lowercase ASCII letter it names,
/// negated or not, so a capital is judged as its lowercase is.
fn spell_set(set: &mut ClassSet) {
    match set {
        ClassSet::Item(item) => spell_item(item),
        ClassSet::BinaryOp(op) => {
            spell_set(&mut op.lhs);
            spell_set(&mut op.rhs);
        }
    }
}

fn spell_item(item: &mut ClassSetItem) {
    let span = match item {
        ClassSetItem::Literal(lit) if lit.c.is_ascii_lowercase() => lit.span,
        ClassSetItem::Range(range) if range.start.c <= 'z' && range.end.c >= 'a' => range.span,
        ClassSetItem::Bracketed(inner) => return spell_set(&mut inner.kind),
        ClassSetItem::Union(union) => return union.items.iter_mut().for_each(spell_item),
        _ => return,
    };
    let capitals = match item {
        ClassSetItem::Literal(lit) => {
            ClassSetItem::Literal(verbatim(lit, lit.c.to_ascii_uppercase()))
        }
        ClassSetItem::Range(range) => {
            let (lo, hi) = (range.start.c.max('a'), range.end.c.min('z'));
            ClassSetItem::Range(ast::ClassSetRange {
                span,
                start: verbatim(&range.start, lo.to_ascii_uppercase()),
                end: verbatim(&range.end, hi.to_ascii_uppercase()),
            })
        }
        _ => return,
    };
    let this = std::mem::replace(item, ClassSetItem::Empty(span));
    *item = ClassSetItem::Union(ClassSetUnion {
        span,
        items: vec![this, capitals],
    });
}

#[derive(Default)]
struct Walk {
    /// The `i` flag in force: set by `(?i)` until the end of the enclosing
    /// group, as the regex crate reads it.
    insensitive: bool,
    saw_flag: bool,
}

impl Walk {
    /// Rewrites `ast` in place; false when a part cannot be.
    fn rewrite(&mut self, ast: &mut Ast) -> bool {
        match ast {
            Ast::Flags(set) => {
                self.take_case_flag(&mut set.flags);
                if set.flags.items.is_empty() {
                    *ast = Ast::empty(set.span);
                }
                true
            }
            Ast::Literal(lit) => {
                if !self.insensitive {
                    return cases_of(lit.c).len() == 1;
                }
                if let Some(union) = lowered_literal(lit) {
                    *ast = Ast::class_bracketed(ast::ClassBracketed {
                        span: lit.span,
                        negated: false,
                        kind: ClassSet::union(union),
                    });
                } else {
                    lit.c = lit.c.to_ascii_lowercase();
                }
                true
            }
            Ast::ClassBracketed(class) if self.insensitive => lower_set(&mut class.kind),
            Ast::ClassUnicode(_) if self.insensitive => false,
            Ast::ClassBracketed(_) | Ast::ClassUnicode(_) => blind_to_ascii_case(ast),
            Ast::Repetition(rep) => self.rewrite(&mut rep.ast),
            Ast::Group(group) => {
                let outer = self.insensitive;
                if let GroupKind::NonCapturing(flags) = &mut group.kind {
                    self.take_case_flag(flags);
                }
                let ok = self.rewrite(&mut group.ast);
                self.insensitive = outer;
                ok
            }
            Ast::Alternation(alt) => alt.asts.iter_mut().all(|a| self.rewrite(a)),
            Ast::Concat(cat) => cat.asts.iter_mut().all(|a| self.rewrite(a)),
            Ast::Empty(_) | Ast::Dot(_) | Ast::Assertion(_) | Ast::ClassPerl(_) => true,
        }
    }

    /// Removes the `i` flag from `flags`, turning case folding on or off
    /// as it says.
    fn take_case_flag(&mut self, flags: &mut Flags) {
        let mut negated = false;
        let mut found = None;
        flags.items.retain(|item| match item.kind {
            FlagsItemKind::Negation => {
                negated = true;
                true
            }
            FlagsItemKind::Flag(Flag::CaseInsensitive) => {
                found = Some(!negated);
                false
            }
            FlagsItemKind::Flag(_) => true,
        });
        // "(?-)" does not parse: a negation left with nothing after it goes
        if flags
            .items
            .last()
            .is_some_and(|i| i.kind == FlagsItemKind::Negation)
        {
            flags.items.pop();
        }
        if let Some(on) = found {
            self.insensitive = on;
            self.saw_flag = true;
        }
    }
}

/// Whether a class (outside the `i` flag) holds each ASCII letter in
/// both cases or in neither, so that lowercasing the text changes nothing
/// it matches (`[0-9,;]`, `\w`, but not `[A-Z]`).
fn blind_to_ascii_case(class: &Ast) -> bool {
    let mut written = String::new();
    if Printer::new().print(class, &mut written).is_err() {
        return false;
    }
    let Ok(hir) = regex_syntax::Parser::new().parse(&written) else {
        return false;
    };
    let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(set)) = hir.kind()
    else {
        return false;
    };
    let holds = |c: char| set.ranges().iter().any(|r| r.start() <= c && c <= r.end());
    ('a'..='z').all(|c| holds(c) == holds(c.to_ascii_uppercase()))
}

/// The cases of a letter beyond ASCII as class items ('é' as `[éÉ]`);
/// `None` for ASCII and for characters without case.
fn lowered_literal(lit: &Literal) -> Option<ClassSetUnion> {
    if lit.c.is_ascii() {
        return None;
    }
    let cases = cases_of(lit.c);
    (cases.len() > 1).then(|| ClassSetUnion {
        span: lit.span,
        items: cases
            .into_iter()
            .map(|c| ClassSetItem::Literal(verbatim(lit, c)))
            .collect(),
    })
}

/// `c` and the single characters it changes case into, `c` first ('µ',
/// 'Μ' and 'μ' are one another's cases).
fn cases_of(c: char) -> Vec<char> {
    let mut cases = vec![c];
    let mut i = 0;
    while let Some(&at) = cases.get(i) {
        for other in [one(at.to_uppercase()), one(at.to_lowercase())]
            .into_iter()
            .flatten()
        {
            if !cases.contains(&other) {
                cases.push(other);
            }
        }
        i += 1;
    }
    cases
}

/// The only character of `chars`, if it has one only ('ß' upper-cases to
/// two).
fn one(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// A literal of `c` where `like` stood, escaped as `like` was when it is
/// the same character.
fn verbatim(like: &Literal, c: char) -> Literal {
    let kind = if c == like.c {
        like.kind.clone()
    } else {
        LiteralKind::Verbatim
    };
    Literal {
        span: like.span,
        kind,
        c,
    }
}

/// Rewrites a case-insensitive bracketed class for lowercased text.
fn lower_set(set: &mut ClassSet) -> bool {
    match set {
        ClassSet::Item(item) => lower_item(item),
        ClassSet::BinaryOp(op) => lower_set(&mut op.lhs) && lower_set(&mut op.rhs),
    }
}

fn lower_item(item: &mut ClassSetItem) -> bool {
    match item {
        ClassSetItem::Literal(lit) => {
            if let Some(union) = lowered_literal(lit) {
                *item = ClassSetItem::Union(union);
            } else {
                lit.c = lit.c.to_ascii_lowercase();
            }
            true
        }
        ClassSetItem::Range(range) => {
            if let Some(union) = lowered_range(range) {
                *item = ClassSetItem::Union(union);
            }
            true
        }
        ClassSetItem::Bracketed(inner) => lower_set(&mut inner.kind),
        ClassSetItem::Union(union) => union.items.iter_mut().all(lower_item),
        ClassSetItem::Ascii(class) => !matches!(
            class.kind,
            ast::ClassAsciiKind::Upper | ast::ClassAsciiKind::Lower
        ),
        ClassSetItem::Unicode(_) => false,
        ClassSetItem::Empty(_) | ClassSetItem::Perl(_) => true,
    }
}

/// A range holding capitals, as the same range with them lowercased
/// (`0-Z` as `0-@` and `a-z`); `None` when it holds none. Letters above
/// ASCII in a range are taken as written: the rules' letter ranges hold
/// both cases already.
fn lowered_range(range: &ast::ClassSetRange) -> Option<ClassSetUnion> {
    let (start, end) = (range.start.c, range.end.c);
    let (lo, hi) = (start.max('A'), end.min('Z'));
    if lo > hi {
        return None;
    }
    let item = |a: char, b: char| {
        ClassSetItem::Range(ast::ClassSetRange {
            span: range.span,
            start: verbatim(&range.start, a),
            end: verbatim(&range.end, b),
        })
    };
    let mut items = vec![item(lo.to_ascii_lowercase(), hi.to_ascii_lowercase())];
    if start < lo {
        items.push(item(start, char::from(lo as u8 - 1)));
    }
    if end > hi {
        items.push(item(char::from(hi as u8 + 1), end));
    }
    Some(ClassSetUnion {
        span: range.span,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::lowered;
    use regex::Regex;

    /// Whether `pattern`, rewritten, finds in `text` lowercased what it
    /// finds in `text`.
    fn agrees(pattern: &str, text: &str) -> bool {
        let ours = Regex::new(&lowered(pattern).expect("rewritten")).expect("valid");
        let theirs = Regex::new(pattern).expect("valid");
        let spans = |re: &Regex, t: &str| re.find_iter(t).map(|m| m.range()).collect::<Vec<_>>();
        spans(&ours, &text.to_ascii_lowercase()) == spans(&theirs, text)
    }

    /// Whether `pattern`, spelt out, finds in `text` what it finds.
    fn spelt_agrees(pattern: &str, text: &str) -> bool {
        let spelt = super::spelled(&lowered(pattern).expect("rewritten")).expect("spelt");
        let ours = Regex::new(&spelt).expect("valid");
        let theirs = Regex::new(pattern).expect("valid");
        let spans = |re: &Regex, t: &str| re.find_iter(t).map(|m| m.range()).collect::<Vec<_>>();
        spans(&ours, text) == spans(&theirs, text)
    }

    #[test]
    fn spelt_out_patterns_read_the_text_as_written() {
        assert!(spelt_agrees(
            r"(?i)\bdaily DOSE\b",
            "A DAILY Dose, a daily dose"
        ));
        assert!(spelt_agrees(r"(?i)[A-C]x[^Q]", "BXa bXQ cxq"));
        assert!(spelt_agrees(r"(?i)[0-Z]+ [a-z--c]", "ab0@Z[ C d"));
        assert!(spelt_agrees(
            r"[,;(\[]\s*(?i:n) = [\w]+",
            "(N = Twelve; n = 3"
        ));
        assert!(spelt_agrees("(?i)é µg", "É μG and é µg"));
    }

    #[test]
    fn words_match_in_any_case_at_the_same_offsets() {
        assert!(agrees(r"(?i)\bdaily DOSE\b", "A DAILY Dose, a daily dose"));
        let p = lowered(r"(?i)\bdaily DOSE\b").unwrap();
        assert!(!p.contains("(?i") && p.contains("dose"), "{p}");
    }

    #[test]
    fn classes_and_ranges_lose_their_capitals() {
        assert!(agrees(r"(?i)[A-C]x[^Q]", "BXa bXQ cxq"));
        assert!(agrees(r"(?i)[0-Z]+", "ab0@Z["));
        assert!(agrees(r"(?i)[[:alpha:]]+ \w+", "Vitamin D3"));
    }

    #[test]
    fn letters_beyond_ascii_keep_their_cases() {
        assert!(agrees("(?i)é µg", "É μG and é µg"));
    }

    #[test]
    fn other_flags_stay() {
        assert!(agrees(r"(?is)a.b(?-u:\b)", "A\nB"));
    }

    #[test]
    fn a_letter_that_keeps_its_case_rules_the_rewrite_out() {
        assert_eq!(lowered(r"^(?i:mg)A"), None);
        assert_eq!(lowered(r"(?i)a(?-i:b)c"), None);
        assert_eq!(lowered(r"(?i)\p{Lu}x"), None);
        assert_eq!(lowered(r"\d+ mg"), None, "no flag, nothing to lower");
        assert_eq!(lowered(r"[A-Z](?i:b)"), None);
    }

    #[test]
    fn text_without_letters_may_sit_outside_the_flag() {
        assert!(agrees(r"\s*(?i:mg|g)\b", " MG g"));
        assert!(agrees(r"[,;(\[]\s*(?i:n) = [\w]+", "(N = Twelve; n = 3"));
    }
}
