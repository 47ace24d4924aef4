//! Builders the integration tests share, so that a test reads like the
//! feature and not like its setup: running the real binary, reading what it
//! said, and a file written into a directory of its own.
//!
//! Each test crate takes what it needs (`mod common;`), so some go unused
//! in any one of them.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the real binary with `args` on a 100-column terminal, with no
/// vocabulary file of the person running the tests.
pub fn vitascope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitascope"))
        .args(args)
        .env("COLUMNS", "100")
        .env_remove("VITASCOPE_VOCABULARY")
        .output()
        .expect("the binary runs")
}

/// What the binary printed, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// What the binary said on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file `name` holding `text` in a new temporary directory (removed when
/// the first value is dropped).
pub fn file_in_temp(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the file is written");
    (dir, path)
}
