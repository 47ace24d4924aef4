//! Embeds every file of `seeds/` so the binary opens on them with no path.
use std::fmt::Write as _;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// The embedded seed documents: (path as shown, bytes).\npub const SEEDS: &[(&str, &[u8])] = &[\n",
    );
    for n in &names {
        let full = dir.join(n);
        println!("cargo:rerun-if-changed={}", full.display());
        writeln!(
            code,
            "    (\"seeds/{n}\", include_bytes!({:?})),",
            full.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("seeds.rs");
    std::fs::write(out, code).unwrap();
}
