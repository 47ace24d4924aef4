//! Splitting prose into sentences without cutting "Dr.", "et al.", "vs."
//! or decimals, so every other rule can look at one statement at a time.

/// Words whose trailing period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "vs", "al", "e.g", "i.e", "fig", "no", "vol", "approx", "ca",
    "st", "etc", "int", "j", "sci", "med", "res", "inc", "ltd", "co", "jr", "sr", "u.s",
];

/// One sentence and its byte offset in the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub start: usize,
}

/// Splits `text` into trimmed sentences, keeping their offsets.
#[must_use]
pub fn split(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // every character that can end a sentence is ASCII, so the scan looks
    // at bytes and decodes characters only around a stop
    // open brackets on this line: inside one, a stop before a number is
    // a citation's ("(J Abbrev. 2009;301:39-51)"), not a sentence's end
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        let ends = match b {
            b'\n' => {
                depth = 0;
                true
            }
            b'(' => {
                depth += 1;
                false
            }
            b')' => {
                depth = depth.saturating_sub(1);
                false
            }
            b'.' if depth > 0 && starts_with_number(&text[i + 1..]) => false,
            b'.' | b'!' | b'?' => ends_sentence(text, i),
            _ => false,
        };
        if ends {
            let end = swallow_closers(text, i + 1);
            push(&mut out, text, start, end);
            start = end;
        }
    }
    push(&mut out, text, start, text.len());
    out
}

fn starts_with_number(rest: &str) -> bool {
    rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

fn push<'a>(out: &mut Vec<Sentence<'a>>, text: &'a str, start: usize, end: usize) {
    if start >= end || end > text.len() {
        return;
    }
    let raw = &text[start..end];
    let trimmed = raw.trim_start();
    let offset = start + (raw.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    if !trimmed.is_empty() {
        out.push(Sentence {
            text: trimmed,
            start: offset,
        });
    }
}

/// Closing quotes and brackets after the stop belong to the sentence.
fn swallow_closers(text: &str, mut end: usize) -> usize {
    while let Some(c) = text[end..].chars().next() {
        if matches!(c, '"' | '”' | '’' | '\'' | ')') {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Whether the stop at byte `i` (an ASCII '.', '!' or '?') ends a sentence.
fn ends_sentence(text: &str, i: usize) -> bool {
    // the next visible character after the stop (and any closers)
    let mut rest = text[i + 1..].chars();
    let next = loop {
        match rest.next() {
            Some('"' | '”' | '’' | ')') => {}
            Some(c) => break c,
            None => return true,
        }
    };
    if !next.is_whitespace() {
        return false;
    }
    let after = rest.find(|c| !c.is_whitespace());
    if after.is_some_and(char::is_lowercase) {
        return false;
    }
    if text.as_bytes()[i] != b'.' {
        return true;
    }
    let before = &text[..i];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(i, |(j, _)| j);
    let word = &before[word_start..];
    if is_abbreviation(word) {
        return false;
    }
    // an initial ("Y." in "Gao Y. S.") is not a stop
    let mut chars = word.chars();
    !matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Whether `word`, lowercased, is one of the `ABBREVIATIONS`.
fn is_abbreviation(word: &str) -> bool {
    if word.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    // lowercasing never shortens a word, and no abbreviation is longer
    // than six characters
    word.chars().count() <= 6 && ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_stops_but_not_abbreviations() {
        let cases: &[(&str, &[&str])] = &[
            ("One thing. Two things.", &["One thing.", "Two things."]),
            (
                "Dr. Smith said so. It rose 2.5 mg vs. 3.1 mg.",
                &["Dr. Smith said so.", "It rose 2.5 mg vs. 3.1 mg."],
            ),
            (
                "Jones et al. found it. Next",
                &["Jones et al. found it.", "Next"],
            ),
            ("“It works.” Then more.", &["“It works.”", "Then more."]),
            ("line one\nline two", &["line one", "line two"]),
            (
                "It failed (J Abbrev. 2009;31:3-9). Then more.",
                &["It failed (J Abbrev. 2009;31:3-9).", "Then more."],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = split(text).iter().map(|s| s.text).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn offsets_point_into_the_text() {
        let t = "Añb. Ünd zwei.";
        for s in split(t) {
            assert_eq!(&t[s.start..s.start + s.text.len()], s.text);
        }
    }
}
