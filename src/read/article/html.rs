//! Web pages saved as HTML become plain text with one block per line:
//! scripts and styles dropped, tags stripped, entities decoded. Detection is
//! by content, since saved pages often end in `.txt`.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

static HTML_SIGN: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<(?:p|div|span|br|li|h[1-6]|article|section)[\s/>]")
        .expect("html sign pattern is valid")
});

static DROP: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|<noscript\b.*?</noscript\s*>|<!--.*?-->|<head\b.*?</head\s*>|<nav\b.*?</nav\s*>|<footer\b.*?</footer\s*>|<aside\b.*?</aside\s*>|<form\b.*?</form\s*>")
        .expect("drop pattern is valid")
});

static BLOCK: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)</?(?:p|div|br|h[1-6]|tr|table|section|article|header|footer|blockquote|ul|ol|dd|dt|title)\b[^>]*>")
        .expect("block pattern is valid")
});

static ITEM: LazyLock<Rule> =
    LazyLock::new(|| crate::extract::pattern(r"(?i)<li\b[^>]*>").expect("item pattern is valid"));

static TAG: LazyLock<Rule> =
    LazyLock::new(|| crate::extract::pattern(r"(?s)<[^>]*>").expect("tag pattern is valid"));

static ENTITY: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
        .expect("entity pattern is valid")
});

/// True when the text is an HTML page rather than prose.
#[must_use]
pub fn is_html(text: &str) -> bool {
    let head: String = text.chars().take(8192).collect();
    HTML_SIGN.find_iter(&head).count() >= 2
}

/// The visible text of an HTML page, one block per line.
#[must_use]
pub fn to_text(html: &str) -> String {
    let title = title(html);
    let s = DROP.replace_all(html, "\n");
    let s = ITEM.replace_all(&s, "\n- ");
    let s = BLOCK.replace_all(&s, "\n");
    let s = TAG.replace_all(&s, "");
    let s = decode_entities(&s);
    let mut lines: Vec<String> = Vec::new();
    if let Some(t) = title {
        lines.push(t);
    }
    for line in s.lines() {
        let line = crate::text::squash(line);
        if line.is_empty() && lines.last().is_some_and(String::is_empty) {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn title(html: &str) -> Option<String> {
    static TITLE: LazyLock<Rule> = LazyLock::new(|| {
        crate::extract::pattern(r"(?is)<title\b[^>]*>(.*?)</title\s*>")
            .expect("title pattern is valid")
    });
    let t = TITLE.captures(html)?;
    let t = crate::text::squash(&decode_entities(&TAG.replace_all(&t[1], "")));
    (!t.is_empty()).then_some(t)
}

/// Decodes named and numeric character references.
#[must_use]
pub fn decode_entities(s: &str) -> String {
    ENTITY
        .replace_all(s, |c: &crate::extract::rule::Caps<'_>| {
            let e = &c[1];
            let decoded = if let Some(hex) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = e.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                named(e)
            };
            decoded.map_or_else(|| c[0].to_string(), |ch| ch.to_string())
        })
        .into_owned()
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "micro" => 'µ',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "le" => '≤',
        "ge" => '≥',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "kappa" => 'κ',
        _ => return None,
    })
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&HTML_SIGN);
    LazyLock::force(&DROP);
    LazyLock::force(&BLOCK);
    LazyLock::force(&ITEM);
    LazyLock::force(&TAG);
    LazyLock::force(&ENTITY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_detected_by_content() {
        assert!(is_html("<html><body><p>Hi</p></body></html>"));
        assert!(!is_html("Use <b>bold</b> sparingly: a < b."));
    }

    #[test]
    fn pages_become_lines_of_visible_text() {
        let page = "<html><head><title>Zinc &amp; colds</title><style>p{}</style></head><body><nav><a>Home</a><a>Related</a></nav><script>var x=1;</script><h1>Zinc</h1><p>It took 10&nbsp;mg &#181;g &#x3bc;g</p><ul><li>one</li></ul></body></html>";
        let text = to_text(page);
        assert!(text.starts_with("Zinc & colds\n"), "{text}");
        assert!(text.contains("It took 10 mg µg μg"), "{text}");
        assert!(text.contains("- one"), "{text}");
        assert!(!text.contains("var x"), "{text}");
        assert!(!text.contains("Home"), "navigation is dropped: {text}");
    }

    #[test]
    fn unknown_entities_stay_as_written() {
        assert_eq!(
            decode_entities("a &bogus; b &#99999999;"),
            "a &bogus; b &#99999999;"
        );
    }
}
