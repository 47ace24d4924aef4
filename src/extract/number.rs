//! Every number a sentence states, in digits or in words, with where it
//! stands: the one reader the rules share, so "One hundred and twelve
//! adults", "42,546 women", "37 857 men" and "1.25g" are read alike and
//! each rule chooses among all of them by context.
//!
//! The scan is one pass over the bytes; a number in words is a run of
//! number words ("two hundred and forty-four"), joined by spaces, hyphens
//! and an "and" that stands between a "hundred" or "thousand" and more
//! number words.

/// One number and the bytes of the text it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub start: usize,
    pub end: usize,
    /// Written in words ("twenty-eight") rather than digits.
    pub in_words: bool,
}

impl Number {
    /// The value as a whole count, when it is one.
    #[must_use]
    pub fn whole(&self) -> Option<u32> {
        (self.value.fract() == 0.0 && self.value >= 0.0 && self.value <= f64::from(u32::MAX))
            .then_some(self.value as u32)
    }
}

/// The whole count `text` is, when it is exactly one number ("12",
/// "1,204", "twenty-one").
#[must_use]
pub fn whole_of(text: &str) -> Option<u32> {
    let text = text.trim();
    match find(text).as_slice() {
        [n] if n.start == 0 && n.end == text.len() => n.whole(),
        _ => None,
    }
}

/// Every number in `text`, in order.
#[must_use]
pub fn find(text: &str) -> Vec<Number> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts_word = i == 0 || !is_word_byte(bytes[i - 1]);
        if b.is_ascii_digit() {
            if is_glued_before(bytes, i) {
                // the whole code is skipped, not just its first digit
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                continue;
            }
            let (n, end) = digits(text, i);
            if let Some(n) = n {
                out.push(n);
            }
            i = end;
        } else if b.is_ascii_alphabetic() && starts_word {
            match words(text, i) {
                Some(n) => {
                    i = n.end;
                    out.push(n);
                }
                None => i = word_end(bytes, i),
            }
        } else {
            i += 1;
        }
    }
    share_scales(text, &mut out);
    out
}

/// "four to five hundred" is 400 to 500: a bare number word before "to",
/// "or" or a dash takes the scale ("hundred", "thousand") of the number
/// in words after it.
fn share_scales(text: &str, numbers: &mut [Number]) {
    for k in 1..numbers.len() {
        let (a, b) = (numbers[k - 1], numbers[k]);
        if !(a.in_words && b.in_words) || a.value >= 10.0 || a.value.fract() != 0.0 {
            continue;
        }
        let between = text[a.end..b.start].trim().to_ascii_lowercase();
        if !matches!(between.as_str(), "to" | "or" | "-" | "–") {
            continue;
        }
        let scale = 10f64.powi(b.value.log10().floor() as i32);
        let lead = b.value / scale;
        if b.value >= 100.0 && lead.fract() == 0.0 && a.value < lead {
            numbers[k - 1].value = a.value * scale;
        }
    }
}

/// Whether the digit at `i` is part of a name or code rather than a number
/// ("MK-7", "H2O", "COVID-19", "B12", "omega-3"): a letter before it, or a
/// hyphen after a letter. A decimal point before it ("p = .04") makes it a
/// fraction that counts nothing, so it is skipped too.
fn is_glued_before(bytes: &[u8], i: usize) -> bool {
    let Some(&b) = i.checked_sub(1).and_then(|j| bytes.get(j)) else {
        return false;
    };
    let before = i.checked_sub(2).and_then(|j| bytes.get(j)).copied();
    b.is_ascii_alphabetic()
        || b == b'_'
        || (b == b'-' && before.is_some_and(|c| c.is_ascii_alphabetic()))
        || (b == b'.' && !before.is_some_and(|c| c.is_ascii_digit()))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// A number in digits at `start`: thousands grouped by commas, thin or
/// ordinary spaces ("42,546", "37 857"), and a decimal part. Returns the
/// number (none for a code glued to letters after it, such as "3D") and
/// where the scan goes on.
fn digits(text: &str, start: usize) -> (Option<Number>, usize) {
    let bytes = text.as_bytes();
    let run = |from: usize| {
        let mut j = from;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let mut end = run(start);
    let mut value = text[start..end].parse::<f64>().unwrap_or(0.0);
    if end - start <= 3 {
        // groups of three after a separator continue the number; a plain
        // space only after one or two digits, since "100 200 300" is a list
        let spaced = end - start <= 2;
        while let Some((sep, group_end)) = thousands_group(text, end, spaced) {
            value = value * 1000.0 + text[end + sep..group_end].parse::<f64>().unwrap_or(0.0);
            end = group_end;
        }
    }
    if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        let frac_end = run(end + 1);
        value = text[start..frac_end]
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .parse()
            .unwrap_or(value);
        end = frac_end;
    }
    // "3D", "4th", "2nd" are not amounts; a unit glued on ("365ug", "5mg")
    // is read by the rule that wants units
    let glued: String = text[end..]
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let ordinal = matches!(
        glued.to_ascii_lowercase().as_str(),
        "st" | "nd" | "rd" | "th" | "d"
    );
    let number = (!ordinal).then_some(Number {
        value,
        start,
        end,
        in_words: false,
    });
    (number, end)
}

/// A separator and a group of exactly three digits at `at` (",546",
/// "\u{2009}857", and " 857" where `spaced`).
fn thousands_group(text: &str, at: usize, spaced: bool) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let sep = [",", "\u{2009}", "\u{202F}", "\u{A0}", " "]
        .into_iter()
        .filter(|s| spaced || *s != " ")
        .find(|s| rest.starts_with(s))?
        .len();
    let group = rest.as_bytes().get(sep..sep + 3)?;
    let after = rest.as_bytes().get(sep + 3).copied();
    (group.iter().all(u8::is_ascii_digit) && !after.is_some_and(|b| b.is_ascii_digit()))
        .then_some((sep, at + sep + 3))
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// What one number word adds.
#[derive(Clone, Copy)]
enum Word {
    Small(u32),
    Hundred,
    Scale(u32),
}

fn word_value(word: &str) -> Option<Word> {
    if word.len() > 9 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    if let Some(i) = UNITS.iter().position(|u| *u == lower) {
        return Some(Word::Small(i as u32));
    }
    if let Some(i) = TENS.iter().position(|t| *t == lower) {
        return Some(Word::Small(20 + 10 * i as u32));
    }
    match lower.as_str() {
        "hundred" => Some(Word::Hundred),
        "thousand" => Some(Word::Scale(1_000)),
        "million" => Some(Word::Scale(1_000_000)),
        _ => None,
    }
}

/// "a hundred", "a thousand": the article stands for one.
fn a_before_scale(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    before.len() < start
        && (before.ends_with(" a") || before.ends_with(" A") || before == "a" || before == "A")
}

/// A number written in words starting at `start`, if the word there is one.
fn words(text: &str, start: usize) -> Option<Number> {
    let bytes = text.as_bytes();
    let (mut total, mut current) = (0u32, 0u32);
    let mut last_small_tens = false;
    let mut end = start;
    let mut i = start;
    let mut first = true;
    loop {
        let w_end = word_end(bytes, i);
        if w_end == i || (w_end < bytes.len() && is_word_byte(bytes[w_end])) {
            break;
        }
        let word = &text[i..w_end];
        let Some(w) = word_value(word) else {
            break;
        };
        if first && !matches!(w, Word::Small(_)) && !a_before_scale(text, start) {
            // a bare "million" or "hundred" counts nothing by itself
            break;
        }
        match w {
            Word::Small(v) => {
                // "twenty eight" joins; "two three" does not
                if !first && current % 100 != 0 && !(last_small_tens && v < 10) {
                    break;
                }
                last_small_tens = v >= 20;
                current += v;
            }
            Word::Hundred => {
                current = current.max(1) * 100;
                last_small_tens = false;
            }
            Word::Scale(s) => {
                total += current.max(1) * s;
                current = 0;
                last_small_tens = false;
            }
        }
        first = false;
        end = w_end;
        // what may join the next number word: a space, a hyphen, " and "
        let mut j = w_end;
        match bytes.get(j) {
            Some(b' ' | b'-') => j += 1,
            _ => break,
        }
        let after_scale = matches!(w, Word::Hundred | Word::Scale(_));
        if after_scale && text[j..].len() >= 4 && text[j..j + 4].eq_ignore_ascii_case("and ") {
            j += 4;
        }
        i = j;
    }
    if end == start {
        return None;
    }
    Some(Number {
        value: f64::from(total + current),
        start,
        end,
        in_words: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        find(text).iter().map(|n| n.value).collect()
    }

    #[test]
    fn a_bare_word_before_a_range_takes_the_scale_after_it() {
        let values = |t: &str| find(t).iter().map(|n| n.value).collect::<Vec<_>>();
        assert_eq!(values("two to three thousand steps"), [2000.0, 3000.0]);
        assert_eq!(values("six or seven hundred people"), [600.0, 700.0]);
        // not when the first is the larger, nor across other words
        assert_eq!(values("nine to two hundred"), [9.0, 200.0]);
        assert_eq!(values("two cups and three hundred"), [2.0, 300.0]);
        assert_eq!(values("2 to 300 mg"), [2.0, 300.0]);
    }

    #[test]
    fn numbers_in_digits() {
        let cases: &[(&str, &[f64])] = &[
            ("We enrolled 48 adults.", &[48.0]),
            ("a cohort of 12,345 nurses", &[12345.0]),
            ("a cohort of 61 204 nurses", &[61204.0]),
            ("took 1.25g a day", &[1.25]),
            ("took 250mg", &[250.0]),
            ("between 2, 300 and 4", &[2.0, 300.0, 4.0]),
            ("in 3D images", &[]),
            ("the 4th visit", &[]),
            ("MK-7 and B12 and COVID-19 and omega-3", &[]),
            ("p = .04 and p=.001", &[]),
            ("from 80 to 95", &[80.0, 95.0]),
            ("groups of 100 200 300", &[100.0, 200.0, 300.0]),
        ];
        for (text, want) in cases {
            assert_eq!(values(text), *want, "{text}");
        }
    }

    #[test]
    fn numbers_in_words() {
        let cases: &[(&str, &[f64])] = &[
            ("Ninety-one adults", &[91.0]),
            ("Three hundred and six nurses", &[306.0]),
            ("Two hundred forty-four people", &[244.0]),
            ("Sixty five pupils", &[65.0]),
            ("one thousand two hundred", &[1200.0]),
            ("seven days and two weeks", &[7.0, 2.0]),
            ("someone and nobody oneself", &[]),
            ("two three", &[2.0, 3.0]),
            ("a hundred and ten", &[110.0]),
            ("millions of people", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(values(text), *want, "{text}");
        }
    }

    #[test]
    fn a_word_is_one_count_or_none() {
        let cases = [
            ("12", Some(12)),
            ("1,204", Some(1204)),
            ("Twenty-one", Some(21)),
            ("12 and 3", None),
            ("1.5", None),
            ("trials", None),
        ];
        for (text, want) in cases {
            assert_eq!(whole_of(text), want, "{text}");
        }
    }

    #[test]
    fn spans_point_at_the_number() {
        let text = "Of the Fifty-two women, 1,024 took it";
        let found = find(text);
        let spans: Vec<&str> = found.iter().map(|n| &text[n.start..n.end]).collect();
        assert_eq!(spans, ["Fifty-two", "1,024"]);
        assert!(found[0].in_words && !found[1].in_words);
    }

    #[test]
    fn long_text_is_read_in_one_pass() {
        let text = "forty-two and 1,000 ".repeat(20_000);
        assert_eq!(find(&text).len(), 40_000);
    }
}
