//! vitascope: read nutrition research articles and bibliographic exports
//! into study records, keep them in a store, filter them.
//!
//! Layers know only what is below them: `study` (the record) ← `read` and
//! `extract` ← `store` and `library` ← `query` and `filter` ← `present`
//! (the printers) ← `cli` and the browser in `tui`, which never import each
//! other. Nothing below `tui` touches the terminal.

/// Reading a library allocates a string or a list for every field of every
/// record, on every core at once, and building the rules' regexes at start
/// allocates in small pieces: with the system allocator a fifth of a short
/// run's time went to `malloc` and `free`. Set here, in the library, so the
/// benchmarks and tests measure what the binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
