//! The browser (to be written: the browser issue). Until then it prints the
//! list, as the core issue allows.

use crate::library::Library;

/// Opens the browser on a library.
pub fn run(library: Library) -> std::io::Result<()> {
    let studies: Vec<&crate::study::Study> = library.store.studies().iter().collect();
    let mut out = std::io::stdout().lock();
    crate::cli::write_table(&studies, 100, &mut out)
}
