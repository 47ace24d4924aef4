//! JSON for scripts that is also safe to print on a terminal.
//!
//! `serde_json` escapes C0 controls but writes DEL, C1 controls (U+0080–U+009F,
//! which some terminals take as CSI and OSC), bidi overrides and zero-width
//! characters raw. This formatter escapes those as `\uXXXX` too, so the data
//! survives exactly while the bytes are inert.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::text::is_unsafe;

/// Pretty JSON with every terminal-active character escaped.
struct Safe<'a>(PrettyFormatter<'a>);

impl Formatter for Safe<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty JSON with a final newline.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn terminal_active_characters_are_escaped_and_read_back_exactly() {
        let text = "a\u{1b}[2Jb\u{9b}c\u{202e}d\u{7f}e µ 日本";
        let mut out = Vec::new();
        super::write(&vec![text], &mut out).unwrap();
        let printed = String::from_utf8(out.clone()).unwrap();
        assert!(!printed.chars().any(crate::text::is_unsafe), "{printed}");
        assert!(
            printed.contains("\\u009b")
                && printed.contains("\\u202e")
                && printed.contains("µ 日本")
        );
        let back: Vec<String> = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, [text]);
    }
}
