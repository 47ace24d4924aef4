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
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' => ends_sentence(text, &chars, k, i),
            _ => false,
        };
        if ends {
            let end = i + c.len_utf8();
            let end = swallow_closers(text, end);
            push(&mut out, text, start, end);
            start = end;
        }
    }
    push(&mut out, text, start, text.len());
    out
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

fn ends_sentence(text: &str, chars: &[(usize, char)], k: usize, i: usize) -> bool {
    // the next visible character after the stop (and any closers)
    let mut j = k + 1;
    while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | ')') {
        j += 1;
    }
    let Some(&(_, next)) = chars.get(j) else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    let after = chars[j..]
        .iter()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace());
    if after.is_some_and(char::is_lowercase) {
        return false;
    }
    if chars[k].1 != '.' {
        return true;
    }
    let word: String = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // an initial ("Y." in "Gao Y. S.") is not a stop
    !(word.chars().count() == 1 && word.chars().all(char::is_uppercase))
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
