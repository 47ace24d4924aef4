//! The line editor shared by the query line, the export prompt and the
//! pickers' filter: a text and a cursor, and the edits the keys ask for.
//!
//! Plain data, no terminal: the app turns actions into [`Edit`]s, and every
//! edit keeps the cursor on a character boundary of the text.

/// One change to a line, as the keys ask for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Type text at the cursor (a key, or a paste in one piece).
    Insert(String),
    /// Delete the character before the cursor (Backspace).
    DeleteBack,
    /// Delete the character under the cursor (Delete).
    DeleteForward,
    /// Delete the word before the cursor, and the spaces after it (Ctrl-W).
    DeleteWord,
    /// Delete from the cursor to the end of the line (Ctrl-K).
    KillToEnd,
    /// Empty the line (Ctrl-U).
    Clear,
    /// Move the cursor by characters (negative: left).
    Move(isize),
    /// Move the cursor by words (negative: to the start of the word
    /// before; positive: past the end of the next).
    MoveWord(isize),
    /// Move the cursor to the start (false) or end (true) of the line.
    To(bool),
}

/// A line being edited: its text and where the cursor is (a byte offset
/// at a character boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
}

impl LineEdit {
    /// A line holding `text`, the cursor at its end.
    #[must_use]
    pub fn new(text: impl Into<String>) -> LineEdit {
        let text = text.into();
        LineEdit {
            cursor: text.len(),
            text,
        }
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    #[must_use]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text before and after the cursor.
    #[must_use]
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    /// Replaces the whole text, the cursor at its end.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = LineEdit::new(text);
    }

    /// Applies one edit; true when the text changed (a move is no change).
    pub fn apply(&mut self, edit: &Edit) -> bool {
        let before = self.text.len();
        let at = self.cursor;
        match edit {
            Edit::Insert(s) => {
                self.text.insert_str(at, s);
                self.cursor += s.len();
                return !s.is_empty();
            }
            Edit::DeleteBack => {
                let from = self.left_of(at);
                self.text.replace_range(from..at, "");
                self.cursor = from;
            }
            Edit::DeleteForward => {
                let to = self.right_of(at);
                self.text.replace_range(at..to, "");
            }
            Edit::DeleteWord => {
                let from = word_start(&self.text, at);
                self.text.replace_range(from..at, "");
                self.cursor = from;
            }
            Edit::KillToEnd => self.text.truncate(at),
            Edit::Clear => {
                self.text.clear();
                self.cursor = 0;
            }
            Edit::Move(by) => {
                for _ in 0..by.unsigned_abs() {
                    self.cursor = if *by < 0 {
                        self.left_of(self.cursor)
                    } else {
                        self.right_of(self.cursor)
                    };
                }
            }
            Edit::MoveWord(by) => {
                for _ in 0..by.unsigned_abs() {
                    self.cursor = if *by < 0 {
                        word_left(&self.text, self.cursor)
                    } else {
                        word_right(&self.text, self.cursor)
                    };
                }
            }
            Edit::To(end) => self.cursor = if *end { self.text.len() } else { 0 },
        }
        self.text.len() != before
    }

    fn left_of(&self, at: usize) -> usize {
        self.text[..at]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn right_of(&self, at: usize) -> usize {
        self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }
}

/// Where the word before `at` starts: spaces just before `at` are passed
/// over first, as shells and readline do.
fn word_start(text: &str, at: usize) -> usize {
    let before = text[..at].trim_end();
    before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Where Alt-B goes from `at`: the start of the word before, a word being
/// letters and digits (as readline has it: a path stops at each `/`).
fn word_left(text: &str, at: usize) -> usize {
    let mut chars = text[..at].char_indices().rev().peekable();
    while chars.next_if(|(_, c)| !c.is_alphanumeric()).is_some() {}
    let mut start = chars.peek().map_or(0, |(i, _)| *i);
    while let Some((i, _)) = chars.next_if(|(_, c)| c.is_alphanumeric()) {
        start = i;
    }
    start
}

/// Where Alt-F goes from `at`: past the end of the next word.
fn word_right(text: &str, at: usize) -> usize {
    let mut chars = text[at..].char_indices().peekable();
    while chars.next_if(|(_, c)| !c.is_alphanumeric()).is_some() {}
    while chars.next_if(|(_, c)| c.is_alphanumeric()).is_some() {}
    chars.peek().map_or(text.len(), |(i, _)| at + i)
}

/// Queries kept with Enter, oldest first, at most [`History::LIMIT`], and
/// which one ↑/↓ shows.
#[derive(Debug, Clone, Default)]
pub struct History {
    entries: Vec<String>,
    at: Option<usize>,
}

impl History {
    /// The most queries kept, in memory and in the history file.
    pub const LIMIT: usize = 500;

    /// A history of these queries (oldest first), the newest
    /// [`History::LIMIT`] kept.
    #[must_use]
    pub fn of(mut entries: Vec<String>) -> History {
        entries.retain(|e| !e.trim().is_empty());
        let extra = entries.len().saturating_sub(History::LIMIT);
        entries.drain(..extra);
        History { entries, at: None }
    }

    #[must_use]
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Keeps `query` as the newest entry (not twice in a row, blanks not at
    /// all) and stops recalling; true when the history changed.
    pub fn keep(&mut self, query: &str) -> bool {
        self.at = None;
        let q = query.trim();
        if q.is_empty() || self.entries.last().map(String::as_str) == Some(q) {
            return false;
        }
        self.entries.push(q.to_string());
        if self.entries.len() > History::LIMIT {
            self.entries.remove(0);
        }
        true
    }

    /// Stops recalling: the next ↑ starts from the newest again.
    pub fn reset(&mut self) {
        self.at = None;
    }

    /// An earlier (`back`) or later query; `Some("")` past the newest (the
    /// line empties), `None` when nothing changes.
    pub fn recall(&mut self, back: bool) -> Option<&str> {
        let last = self.entries.len().checked_sub(1)?;
        self.at = match (self.at, back) {
            (None, true) => Some(last),
            (None, false) => return None,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            (Some(_), false) => None,
        };
        Some(self.at.map_or("", |i| self.entries[i].as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, cursor: usize, edit: &Edit) -> (String, usize) {
        let mut l = LineEdit::new(text);
        l.cursor = cursor;
        l.apply(edit);
        (l.text, l.cursor)
    }

    #[test]
    fn words_left_and_right() {
        // words are letters and digits: a path stops at its slashes
        let p = "~/out/x.csv";
        assert_eq!(edited(p, p.len(), &Edit::MoveWord(-1)).1, 8);
        assert_eq!(edited(p, 0, &Edit::MoveWord(1)).1, 5);
        assert_eq!(edited(p, 5, &Edit::MoveWord(1)).1, 7);
        // "bone  density ü" : b=0, two spaces at 4..6, d=6, ü at 14
        let t = "bone  density ü";
        assert_eq!(edited(t, t.len(), &Edit::MoveWord(-1)).1, 14);
        assert_eq!(edited(t, 14, &Edit::MoveWord(-1)).1, 6);
        assert_eq!(edited(t, 6, &Edit::MoveWord(-1)).1, 0);
        assert_eq!(edited(t, 0, &Edit::MoveWord(-1)).1, 0);
        assert_eq!(edited(t, 0, &Edit::MoveWord(1)).1, 4);
        assert_eq!(edited(t, 4, &Edit::MoveWord(1)).1, 13);
        assert_eq!(edited(t, 13, &Edit::MoveWord(1)).1, t.len());
        assert_eq!(edited(t, t.len(), &Edit::MoveWord(1)).1, t.len());
    }

    #[test]
    fn deleting_forward_killing_and_words() {
        assert_eq!(edited("aüb", 1, &Edit::DeleteForward), ("ab".into(), 1));
        assert_eq!(edited("ab", 2, &Edit::DeleteForward), ("ab".into(), 2));
        assert_eq!(
            edited("bone density", 4, &Edit::KillToEnd),
            ("bone".into(), 4)
        );
        assert_eq!(
            edited("bone density x", 12, &Edit::DeleteWord),
            ("bone  x".into(), 5)
        );
        assert_eq!(edited("aü", 3, &Edit::DeleteBack), ("a".into(), 1));
        assert_eq!(edited("aü", 0, &Edit::DeleteBack), ("aü".into(), 0));
        assert_eq!(
            edited("ab", 1, &Edit::Insert("ü".into())),
            ("aüb".into(), 3)
        );
    }

    #[test]
    fn a_move_is_no_change_and_stays_on_characters() {
        let mut l = LineEdit::new("ü");
        assert!(!l.apply(&Edit::Move(-1)));
        assert_eq!(l.cursor(), 0);
        assert!(!l.apply(&Edit::Move(5)));
        assert_eq!(l.cursor(), 2);
        assert!(l.apply(&Edit::Clear));
        assert!(!l.apply(&Edit::Clear));
    }

    #[test]
    fn history_recalls_and_is_bounded() {
        let mut h = History::of(vec!["a".into(), " ".into(), "b".into()]);
        assert_eq!(h.entries(), ["a", "b"]);
        assert_eq!(h.recall(false), None);
        assert_eq!(h.recall(true), Some("b"));
        assert_eq!(h.recall(true), Some("a"));
        assert_eq!(h.recall(true), Some("a"));
        assert_eq!(h.recall(false), Some("b"));
        assert_eq!(h.recall(false), Some(""));
        assert!(!h.keep("b "), "the same query twice in a row is kept once");
        assert!(h.keep("c"));
        let mut big = History::of((0..History::LIMIT + 7).map(|i| i.to_string()).collect());
        assert_eq!(big.entries().len(), History::LIMIT);
        assert_eq!(big.entries()[0], "7");
        big.keep("new");
        assert_eq!(big.entries().len(), History::LIMIT);
        assert_eq!(big.entries()[0], "8");
    }
}
