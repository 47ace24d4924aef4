//! The binary: parse flags, hand over to the library's CLI.
use clap::Parser;

fn main() -> std::process::ExitCode {
    vitascope::cli::run(vitascope::cli::Cli::parse())
}
