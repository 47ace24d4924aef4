//! Whether an alias match stands in running prose.
//!
//! An alias is a mention only where a sentence names the thing: not inside
//! a journal's or an organisation's name ("BMC Musculoskeletal Disorders",
//! "Lancet Diabetes & Endocrinology", "Diabetes Care. 2019;"), a surname
//! followed by initials ("Stroke AB,"), a unit after a number ("200 MG") or
//! a URL. Each test looks only at the few words around a match, so it costs
//! nothing where no alias matched.

/// Words that make a run of capitalised words a journal's or an
/// organisation's name, as written in full or abbreviated in references.
/// Sorted by byte, for `is_name_word`.
const NAME_WORDS: &[&str] = &[
    "Academy",
    "Acta",
    "Alliance",
    "Am",
    "American",
    "Ann",
    "Annals",
    "Arch",
    "Archives",
    "Assoc",
    "Association",
    "BMC",
    "BMJ",
    "Bull",
    "Bulletin",
    "Care",
    "Clin",
    "Cochrane",
    "College",
    "Council",
    "Curr",
    "Database",
    "Dis",
    "Endocrinol",
    "Endocrinology",
    "Eur",
    "Federation",
    "Foundation",
    "Front",
    "Frontiers",
    "Institute",
    "Int",
    "International",
    "J",
    "JAMA",
    "Journal",
    "Lancet",
    "Lett",
    "Letters",
    "Med",
    "Metab",
    "Metabolism",
    "Nat",
    "Nature",
    "Nutr",
    "Opin",
    "PLOS",
    "PLoS",
    "Pract",
    "Proc",
    "Proceedings",
    "Rep",
    "Reports",
    "Res",
    "Research",
    "Rev",
    "Reviews",
    "Sci",
    "Soc",
    "Society",
    "Syst",
    "Ther",
    "Trans",
    "Transactions",
    "UK",
];

/// Small words a journal's name runs through ("Journal of Bone and ...").
const JOINERS: &[&str] = &["&", "and", "of", "the", "for", "in", "de", "-"];

/// The match `text[start..end]` is a mention in prose (see the module doc).
/// `short` marks an alias that counts only as written (`MG`, `Ca`): those
/// are also units after a number.
pub(super) fn in_prose(text: &str, start: usize, end: usize, short: bool) -> bool {
    if in_url(text, start, end) || short && after_number(text, start) {
        return false;
    }
    let capital = text[start..].starts_with(|c: char| c.is_uppercase());
    !(capital && (in_name(text, start, end) || before_initials(text, end)))
}

fn is_name_word(word: &str) -> bool {
    NAME_WORDS.binary_search(&word).is_ok()
}

/// Inside a token with a scheme, `www.`, a DOI or an e-mail address.
fn in_url(text: &str, start: usize, end: usize) -> bool {
    // the space before may be wider than a byte (a no-break space)
    let from = text[..start]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + i);
    let token = &text[from..to];
    // most tokens hold none of a URL's marks: decided without a search
    if !token
        .bytes()
        .any(|c| matches!(c, b'/' | b':' | b'@' | b'.'))
    {
        return false;
    }
    token.contains("://")
        || token.contains("www.")
        || token.contains("doi.org")
        || token.starts_with("doi:")
        || token.contains('@')
}

/// Right after a number, with at most one space: a unit ("200 MG", "5mg").
fn after_number(text: &str, start: usize) -> bool {
    let before = text[..start].strip_suffix(' ').unwrap_or(&text[..start]);
    before.ends_with(|c: char| c.is_ascii_digit())
}

/// Within a run of capitalised words holding a journal's or an
/// organisation's word, or followed by a reference's year and volume
/// ("Stroke. 2018;49:").
fn in_name(text: &str, start: usize, end: usize) -> bool {
    let own = &text[start..end];
    let mut words = 0;
    let before = text[..start].strip_suffix(' ').unwrap_or("");
    for w in before.split(' ').rev().take(8) {
        let bare = w.trim_end_matches(['.', ',']);
        if JOINERS.contains(&bare) {
            continue;
        }
        if !bare.starts_with(|c: char| c.is_uppercase()) || bare.len() > 6 && w.ends_with('.') {
            break;
        }
        if is_name_word(bare) {
            return true;
        }
        words += 1;
    }
    let rest = &text[end..];
    let Some(after) = rest.strip_prefix(' ') else {
        return words > 0 && is_name_word(own) || reference_volume(rest);
    };
    let mut used = 0;
    for w in after.split(' ').take(8) {
        let bare = w.trim_end_matches(['.', ',', ';', ':']);
        if JOINERS.contains(&bare) {
            used += w.len() + 1;
            continue;
        }
        if !bare.starts_with(|c: char| c.is_uppercase()) {
            break;
        }
        if is_name_word(bare) {
            return true;
        }
        words += 1;
        used += w.len() + 1;
        if w.len() != bare.len() && (bare.len() > 6 || !w.ends_with('.')) {
            break;
        }
    }
    words > 0 && is_name_word(own)
        || reference_volume(&rest[used.min(rest.len())..])
        || reference_volume(rest)
}

/// `. 2019;42`, `, 2019, 12`, ` 2019;` or `. 2018 Mar;`: a reference's year
/// after its journal.
fn reference_volume(rest: &str) -> bool {
    let rest = rest.trim_start_matches(['.', ',']).trim_start();
    let b = rest.as_bytes();
    b.len() >= 6
        && (b.starts_with(b"19") || b.starts_with(b"20"))
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
        && match b[4] {
            b';' | b':' | b'(' => true,
            b',' => rest[5..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()),
            _ => false,
        }
}

/// Followed by a surname's initials: "Stroke AB,", "Lead J.".
fn before_initials(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let n = rest.bytes().take_while(u8::is_ascii_uppercase).count();
    (1..=2).contains(&n)
        && rest[n..]
            .bytes()
            .next()
            .is_none_or(|c| matches!(c, b',' | b'.' | b';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_words_are_sorted_for_the_binary_search() {
        assert!(NAME_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_name_word("Journal") && is_name_word("PLoS") && is_name_word("UK"));
        assert!(!is_name_word("journal") && !is_name_word("Zinc"));
    }

    #[test]
    fn a_match_in_a_link_an_address_or_a_doi_is_not_prose() {
        let url = |text: &str, word: &str| {
            let at = text.find(word).unwrap();
            in_url(text, at, at + word.len())
        };
        assert!(url("see https://example.org/zinc-trial today", "zinc"));
        assert!(url("at www.zinc.example now", "zinc"));
        assert!(url("doi:10.1/zinc.2", "zinc"));
        assert!(url("mail zinc@example.org", "zinc"));
        // a mark elsewhere in the sentence, or a sentence's full stop
        assert!(!url("Zinc helped. See https://example.org", "Zinc"));
        assert!(!url("they took zinc.", "zinc"));
        assert!(!url("zinc: 20 mg", "zinc"));
        // a space beyond ASCII still ends the token
        assert!(!url("https://example.org\u{a0}zinc", "zinc"));
        assert!(url("https://example.org/é/zinc", "zinc"));
    }
}
