//! Text hygiene shared by every reader and printer.
//!
//! Documents come from the web and from other people's exports; their bytes
//! must never reach a terminal as commands. `visible` turns control, escape,
//! bidi and zero-width characters into placeholders a person can see. Every
//! record is made of such text where it is read, or else when the store
//! takes it (`Study::make_inert`), so no output format can carry them; printers and the browser show text
//! through `visible` again, as a second defence.

use std::borrow::Cow;

/// The lines of `text`, as `str::lines` gives them (without their `\n` or
/// `\r\n`), found by a vectorised byte search: the line formats of large
/// exports (MEDLINE, RIS) are read a line at a time, and the standard
/// library's search for each line end cost a tenth of a load.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = ends.next().unwrap_or(text.len());
        let line = &text[start..end];
        start = end + 1;
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Whitespace as `char::is_whitespace` has it, within ASCII (with the
/// vertical tab, which `u8::is_ascii_whitespace` leaves out).
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// `str::trim_end`, with the ASCII spaces at the end cut a byte at a time:
/// the line formats trim every line of a large export, and the standard
/// library decodes each character it looks at. Where a character beyond
/// ASCII is met at the end, the standard trim decides.
#[must_use]
pub fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let end = b
        .iter()
        .rposition(|&c| !is_ascii_space(c))
        .map_or(0, |i| i + 1);
    let t = &s[..end];
    if t.as_bytes().last().is_some_and(|&c| !c.is_ascii()) {
        t.trim_end()
    } else {
        t
    }
}

/// `str::trim`, as `trim_end` does it at either end.
#[must_use]
pub fn trim(s: &str) -> &str {
    let t = trim_end(s);
    let start = t
        .bytes()
        .position(|c| !is_ascii_space(c))
        .unwrap_or(t.len());
    let t = &t[start..];
    if t.as_bytes().first().is_some_and(|&c| !c.is_ascii()) {
        t.trim_start()
    } else {
        t
    }
}

/// Appends `part`, trimmed, after `sep` (none before the first); a blank
/// part adds nothing.
pub fn push_trimmed(out: &mut String, sep: &str, part: &str) {
    let part = trim(part);
    if part.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str(sep);
    }
    out.push_str(part);
}

/// How many `\n` the text (or any bytes) holds.
#[must_use]
pub fn count_newlines(text: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', text).count()
}

/// True for characters a terminal would act on or that reorder or hide text.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width and directional marks
            | '\u{2028}' | '\u{2029}' // line/paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}')
}

/// The visible stand-in for an unsafe character: the Unicode control
/// pictures for C0 (`␛` for ESC, `␇` for BEL), `␡` for DEL, `�` otherwise.
#[must_use]
pub fn placeholder(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1F => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Text safe to print on one line: unsafe characters become placeholders and
/// newlines and tabs become spaces.
#[must_use]
pub fn visible(s: &str) -> Cow<'_, str> {
    if shown_as_is(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' => ' ',
                c if is_unsafe(c) => placeholder(c),
                c => c,
            })
            .collect(),
    )
}

/// Whether `visible` leaves `s` as it is. Printable ASCII, most of any
/// text, is passed 32 bytes at a time by a loop without a branch per byte,
/// which the compiler turns into vector instructions: the store checks
/// every record's text this way, a hundred megabytes for a large export.
/// Other characters are looked at one by one.
fn shown_as_is(s: &str) -> bool {
    const CHUNK: usize = 32;
    let printable = |b: u8| b.wrapping_sub(0x20) < 0x7F - 0x20;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + CHUNK)
            && chunk.iter().fold(true, |all, &c| all & printable(c))
        {
            i += CHUNK;
            continue;
        }
        if printable(b[i]) {
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if is_unsafe(c) || matches!(c, '\n' | '\t' | '\r') {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Makes `s` [`visible`] in place (unchanged, and not copied, when it is).
pub fn make_visible(s: &mut String) {
    if let Cow::Owned(shown) = visible(s) {
        *s = shown;
    }
}

/// Collapses runs of whitespace (including non-breaking spaces) to one space
/// and trims: web text is full of doubled and odd spaces.
#[must_use]
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{A0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_cuts_what_the_standard_library_cuts() {
        // every string of up to four characters over spaces of each kind,
        // a letter and a character beyond ASCII
        let alphabet = [
            ' ', '\t', '\n', '\u{B}', '\u{C}', '\r', '\u{85}', '\u{A0}', '\u{3000}', 'x', 'é',
            '\u{1F}',
        ];
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        strings.dedup();
        assert!(strings.len() > 20_000);
        for s in &strings {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(trim_end(s), s.trim_end(), "{s:?}");
        }
    }

    #[test]
    fn lines_split_like_the_standard_library() {
        for text in [
            "",
            "one",
            "one\n",
            "one\ntwo",
            "one\r\ntwo\r\n",
            "\n\nthree\n\n",
            "ü\nß\r\n",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(count_newlines(text.as_bytes()), text.matches('\n').count());
        }
    }

    #[test]
    fn escape_sequences_become_visible_placeholders() {
        let shown = visible("a\u{1b}[31mred\u{7}\u{9b}x\u{202E}y");
        assert_eq!(shown, "a␛[31mred␇�x�y");
        assert!(!shown.chars().any(char::is_control));
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(visible("plain µg text"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_character_to_replace_is_found_wherever_it_falls_in_the_chunks() {
        // each place around the 32-byte chunks, after ASCII and after a
        // character of several bytes
        for lead in ["", "µ", "±µ"] {
            for at in [0, 1, 30, 31, 32, 33, 63, 64, 65, 100] {
                for odd in [
                    '\n', '\t', '\r', '\u{1b}', '\u{7f}', '\u{9b}', '\u{202E}', '\u{FEFF}',
                ] {
                    let text = format!("{lead}{}{odd}{}", "a".repeat(at), "é".repeat(40));
                    let shown = visible(&text);
                    assert!(matches!(shown, Cow::Owned(_)), "{text:?}");
                    assert_eq!(shown.chars().count(), text.chars().count());
                }
                let clean = format!("{lead}{}é{}", "a".repeat(at), "b".repeat(40));
                assert!(matches!(visible(&clean), Cow::Borrowed(_)), "{clean:?}");
            }
        }
    }

    #[test]
    fn squash_collapses_odd_spaces() {
        assert_eq!(squash("  a\u{A0}\u{A0}b \n c  "), "a b c");
    }
}
