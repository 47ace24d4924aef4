//! vitascope: read nutrition research articles and bibliographic exports
//! into study records, keep them in a store, filter them.
//!
//! Layers know only what is below them: `study` (the record) ← `read` and
//! `extract` ← `store` and `library` ← `query` and `filter` ← `present`
//! (the printers) ← `cli` and the browser in `tui`, which never import each
//! other. Nothing below `tui` touches the terminal.

pub mod bench;
pub mod cli;
pub mod diagnostic;
pub mod export;
pub mod extract;
pub mod filter;
pub mod index;
pub mod json_out;
pub mod library;
pub mod present;
pub mod query;
pub mod read;
pub mod search;
pub mod store;
pub mod study;
pub mod text;
pub mod tui;
pub mod vocabulary;
