//! How fast the embedded seeds read, and how fast `list` answers as a whole
//! process (targets: well under 10 ms and under 50 ms). Run with
//! `cargo run --release --example seeds_bench`; it prints its figures and
//! asserts nothing, since timings belong in benchmarks, not tests.

use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let vocab = vitascope::vocabulary::Vocabulary::get();
    let runs = 50;
    let read: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let mut n = 0;
            for (name, bytes) in vitascope::library::SEEDS {
                let text = vitascope::read::decode(name, bytes).expect("seeds are text");
                n += vitascope::read::read_text(name, &text, vocab)
                    .1
                    .studies
                    .len();
            }
            std::hint::black_box(n);
            t.elapsed()
        })
        .collect();
    println!(
        "read seeds (5 files): median {:.2} ms over {runs} runs",
        median(read).as_secs_f64() * 1e3
    );

    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("vitascope")))
        .filter(|p| p.exists());
    let Some(bin) = bin else {
        println!("list process: build the binary first (cargo build --release)");
        return;
    };
    let list: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(&bin)
                .arg("list")
                .output()
                .expect("binary runs");
            assert!(out.status.success());
            t.elapsed()
        })
        .collect();
    println!(
        "`vitascope list` whole process: median {:.1} ms over 20 runs",
        median(list).as_secs_f64() * 1e3
    );
}
