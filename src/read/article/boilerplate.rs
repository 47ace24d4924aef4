//! Web-page furniture that is nobody's evidence: cookie and JavaScript
//! notices, carts, comment prompts, contact details, and quoted remarks of
//! people who are not the study's authors.

use std::sync::LazyLock;

use crate::extract::rule::Rule;

static LINE: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(concat!(
        r"(?i)^(?:x|categories|tags?:.*|share(?: this)?.*|print(?: this)?(?: page)?|",
        r"recommendation was sent.*|please (?:ensure|enable) javascript.*|.*\bjavascript\b.*(?:enabled|required).*|",
        r".*\bcookies?\b.*|leave a (?:comment|reply)|shopping cart|add to cart|view cart|",
        r"(?:sign|log) ?(?:in|up|out)|subscribe.*|newsletter.*|related (?:\w+ ){0,3}products:?|",
        r"posted (?:on|in|by):?.*|photo ©.*|image:.*|.*\bclick (?:here|the)\b.*|read more|read full study.*|",
        r"(?:home|products?) >.*|.*>\s.*>\s.*|.*slider|comments?|reply|menu|search|skip to (?:main )?content|",
        r"(?:contact|call|email) us\b.*|pdf(?: manuscript)?:.*|",
        r"visit https?://\S+.*|https?://\S+|www\.\S+)$",
    ))
    .expect("boilerplate pattern is valid")
});

static CONTACT: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(concat!(
        r"(?i)\b(?:tel|phone|fax|call)\b.*\d{3}|\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|",
        r"^\d{1,5}\s+(?:[NSEW]\.?\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Pkwy|Parkway|Dr|Drive|Ln|Lane|Way|Hwy|Highway|Suite|Ct|Court)\b|",
        r"\b[A-Z][a-z]+,\s+[A-Z]{2}\s+\d{5}\b",
    ))
    .expect("contact pattern is valid")
});

static TAIL: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)^(?:leave a (?:comment|reply)|shopping cart|related (?:\w+ ){0,3}(?:products|posts|articles):?|comments|you may also like|share this.*)$")
        .expect("tail pattern is valid")
});

/// True for a line that is page furniture, not article text.
#[must_use]
pub fn is_boilerplate(line: &str) -> bool {
    let l = line.trim();
    !l.is_empty() && (LINE.is_match(l) || CONTACT.is_match(l))
}

/// True for a line after which a page holds only furniture (comment forms,
/// carts, related products).
#[must_use]
pub fn is_tail(line: &str) -> bool {
    TAIL.is_match(line.trim())
}

static SPEECH: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)[”\x22,]\s*(?:says|said|adds|added|explains|explained|notes|noted|comments|commented|according to)\b|\b(?:says|said|adds|explains|according to)\s+(?:dr\.?|prof|professor|mr|ms|mrs)\b|\b\w+\s+says\s+(?:the\s+\w+\s+)?[“\x22]")
        .expect("speech pattern is valid")
});

static AUTHORS_SPEAK: LazyLock<Rule> = LazyLock::new(|| {
    crate::extract::pattern(r"(?i)(?:the|study|its) (?:authors|researchers|investigators|scientists) (?:said|stated|wrote|noted|concluded|observed|reported|explained)|(?:authors|researchers) (?:concluded|observed|reported|noted|found) that")
        .expect("authors pattern is valid")
});

/// True for a passage that quotes a person's remarks (a spokesperson, a
/// doctor, a company) rather than the study's own authors.
#[must_use]
pub fn is_quoted_remark(passage: &str) -> bool {
    let has_quote = passage.contains('“') || passage.contains('"');
    has_quote && SPEECH.is_match(passage) && !AUTHORS_SPEAK.is_match(passage)
}

/// Builds this module's patterns now (see `read::warm_up`).
pub(crate) fn warm() {
    LazyLock::force(&LINE);
    LazyLock::force(&CONTACT);
    LazyLock::force(&TAIL);
    LazyLock::force(&SPEECH);
    LazyLock::force(&AUTHORS_SPEAK);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for l in [
            "Please ensure Javascript is enabled for purposes of website accessibility",
            "Recommendation was sent. Thank you!",
            "Leave a Comment",
            "Shopping Cart",
            "Fax your order form to 555-123-4567 for processing.",
            "455 E Maple Ave,",
            "Springfield, IL 62701",
            "We use cookies to improve your experience",
            "Home > Vitamins > Zinc",
        ] {
            assert!(is_boilerplate(l), "{l}");
        }
        for l in [
            "Zinc shortened colds by 2 days in 120 adults.",
            "Vitamin K2 and Cancer",
            "Results",
        ] {
            assert!(!is_boilerplate(l), "{l}");
        }
    }

    #[test]
    fn quoted_remarks_of_people_but_not_of_authors() {
        assert!(is_quoted_remark(
            "“Take 50 mg a day,” says Dr. Jones, a nutritionist."
        ));
        assert!(is_quoted_remark(
            "The company says the study “proves it works.”"
        ));
        assert!(!is_quoted_remark(
            "The authors concluded that “zinc helps,” they said."
        ));
        assert!(!is_quoted_remark("Zinc helped 40% of adults."));
    }
}
