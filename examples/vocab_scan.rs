//! Times one vocabulary scan (`distinct_both`) over the abstracts of a
//! MEDLINE file, best of five passes: the figure the load's tagging costs.
//!
//!     cargo run --release --example vocab_scan -- FILE.nbib
use std::time::Instant;
use vitascope::vocabulary::Vocabulary;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: vocab_scan FILE.nbib");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let abstracts: Vec<&str> = text.split("\nAB  - ").skip(1).map(field_text).collect();
    let vocab = Vocabulary::get();
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        found = 0;
        for a in &abstracts {
            let (n, c) = vocab.distinct_both(a);
            found += n.len() + c.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} abstracts, {} names, best pass {:.1} ms",
        abstracts.len(),
        found,
        best * 1e3
    );
}

/// The field's text: up to the first line that does not continue it.
fn field_text(from: &str) -> &str {
    let end = from
        .match_indices('\n')
        .find(|&(i, _)| !from[i + 1..].starts_with(' '))
        .map_or(from.len(), |(i, _)| i);
    &from[..end]
}
