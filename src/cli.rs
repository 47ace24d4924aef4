//! The command line: flags into a validated command, commands into text on
//! any `io::Write` (so tests compare strings), errors into exit codes.
//!
//! Exit codes: 0 everything read; 1 some input could not be read (what
//! could be read is still printed); 2 a usage error (bad flag, unknown id or
//! name).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Severity;
use crate::export::{self, ExportFormat};
use crate::filter::{self, Facets, Sort};
use crate::library::{Library, Limits};
pub use crate::present::{fit, write_study, write_table};
use crate::query::{self, Field};
use crate::study::Study;
use crate::text::visible;
use crate::vocabulary::{Kind, Vocabulary};

const EXAMPLES: &str = "\
Examples:
  vitascope                                  browse the built-in seed articles
  vitascope ~/papers export.nbib             browse a folder and a PubMed export
  vitascope list --nutrient k2 --design rct  randomized trials of vitamin K2
  vitascope list --query osteo --format json
  vitascope show lee-2019
  vitascope check ~/papers                   what was read from each file, and every problem

With no PATH the embedded seed articles are the library. A PATH is a file
or a directory (read recursively). Exit status: 0 all read, 1 some input
could not be read, 2 usage error.";

/// The command line (the about text is a string, not a doc comment, so
/// `--help` shows no Markdown backticks).
#[derive(Debug, Parser)]
#[command(
    name = "vitascope",
    version,
    about = "vitascope: browse the studies described in nutrition articles and PubMed, RIS and \
             BibTeX exports, from the keyboard",
    after_help = EXAMPLES,
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or directories to open in the browser (none: the seeds)
    pub paths: Vec<PathBuf>,
    #[arg(
        long,
        value_name = "PATH",
        help = "The browser's config file, instead of VITASCOPE_CONFIG or \
                $XDG_CONFIG_HOME/vitascope/config.toml"
    )]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Largest file read, in MiB; bigger files are skipped with a message
    #[arg(long, global = true, default_value_t = 512, value_name = "MIB")]
    pub max_file_size: u64,
    /// Most records loaded in all; the rest are skipped with a message
    #[arg(long, global = true, default_value_t = 5_000_000, value_name = "N")]
    pub max_records: usize,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_size.saturating_mul(1024 * 1024),
            max_records: self.max_records,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List studies as an aligned table or as JSON records (SCHEMA.md).
    ///
    /// Example: vitascope list papers/ --nutrient "vitamin D3" --format json
    #[command(after_long_help = query::GRAMMAR)]
    List(ListArgs),
    #[command(
        about = "Show one study in full, by its id (as list prints it)",
        long_about = "Show one study in full, by its id (as list prints it).\n\n\
                      Example: vitascope show lee-2019 papers/"
    )]
    Show(ShowArgs),
    /// Read everything and report what was found in each file and every
    /// problem as <file:line>: what. Exit status 1 when a file, or a record
    /// of one, could not be read.
    ///
    /// Example: vitascope check ~/Downloads/pubmed-export.nbib
    Check(CheckArgs),
    /// Measure load time, memory and per-keystroke search latency at scale.
    ///
    /// Example: vitascope bench big.nbib --type "menaquinone osteoporosis"
    Bench(BenchArgs),
    #[command(
        about = "List the nutrient and condition names filters take, with their aliases, \
                 grouped by category",
        long_about = "List the nutrient and condition names filters take, with their aliases, \
                      grouped by category. Extend them with a file of the same shape: \
                      vocabulary.json in $XDG_CONFIG_HOME/vitascope (~/.config/vitascope), or \
                      one named by the VITASCOPE_VOCABULARY environment variable; --check FILE \
                      finds what would go wrong with it first.\n\n\
                      Example: vitascope vocabulary --tree\n\
                      Example: vitascope vocabulary --check ~/.config/vitascope/vocabulary.json"
    )]
    Vocabulary(VocabularyArgs),
    /// Print a shell completion script (e.g. vitascope completions bash >
    /// ~/.local/share/bash-completion/completions/vitascope)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (e.g. vitascope man > vitascope.1)
    Man,
    /// Print the browser's config: with --default, the whole default file,
    /// commented (vitascope config --default >
    /// ~/.config/vitascope/config.toml)
    Config(ConfigArgs),
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Every setting with its default and what it does: themes, styles,
    /// opener, sort, list columns and key bindings
    #[arg(long, required = true)]
    pub default: bool,
}

#[derive(Debug, Args)]
pub struct VocabularyArgs {
    /// Indent each name under its parent (a filter on a parent takes in
    /// every name below it)
    #[arg(long)]
    pub tree: bool,
    /// {"nutrients": [...], "conditions": [...]}, each entry with its name,
    /// aliases, parent and category, for scripts
    #[arg(long, conflicts_with = "tree")]
    pub json: bool,
    /// Check a vocabulary file: names given twice, aliases two names claim
    /// (in it or built in), unknown parents and cycles of parents, each
    /// on a line of its own with the file's line; exit 1 when there is any
    #[arg(long, value_name = "FILE", conflicts_with_all = ["tree", "json"])]
    pub check: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Files or directories (none: the seeds)
    pub paths: Vec<PathBuf>,
    /// Text typed one keystroke at a time
    #[arg(
        long = "type",
        default_value = "menaquinone osteoporosis",
        value_name = "TEXT"
    )]
    pub text: String,
    /// Write the text the filter sees, one line per record (for fzf --filter)
    #[arg(long, value_name = "FILE")]
    pub haystack_out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Files or directories (none: the seeds)
    pub paths: Vec<PathBuf>,
    /// Filter as in the browser: words, "exact phrases", a | b, -word,
    /// n:, c:, d: (or d:trial, d:observational, d:synthesis), y:2015..2022,
    /// size:>=100 and a: (see the query language below)
    #[arg(long, short)]
    pub query: Option<String>,
    /// Only studies of this nutrient (canonical name or any alias); repeat for several
    #[arg(long, short)]
    pub nutrient: Vec<String>,
    /// Only studies of this condition (canonical name or any alias); repeat for several
    #[arg(long, short)]
    pub condition: Vec<String>,
    /// Only studies of this design (rct, cohort, meta-analysis, review, …)
    /// or group (trial, observational, synthesis); repeat for several
    #[arg(long, short)]
    pub design: Vec<String>,
    /// Only studies of at least N participants (population n)
    #[arg(long, value_name = "N")]
    pub min_n: Option<u32>,
    /// Only studies published in these years: 2015, 2015..2022, 2015.. or ..2022
    #[arg(long, value_name = "A..B")]
    pub year: Option<String>,
    /// Row order
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// table for people, json (SCHEMA.md records) for scripts, or an export format
    #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `--sort`: the browser's row orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first (store order without words)
    Relevance,
    /// Latest year first
    Newest,
    /// Most participants first
    Size,
    /// Alphabetical by title
    Title,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Size => Sort::LargestN,
            SortArg::Title => Sort::Title,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
    /// One row per dose
    CsvDoses,
    Ris,
    Bibtex,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[arg(help = "The study's id, as list prints it")]
    pub id: String,
    /// Files or directories (none: the seeds)
    pub paths: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// Print each extracted value beside the sentence it was read in (JSON:
    /// an "evidence" object keyed by field)
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories (none: the seeds)
    pub paths: Vec<PathBuf>,
}

/// A failure the user caused, with the exit code it maps to.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Runs the parsed command line; the binary's whole `main`.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let limits = cli.limits.limits();
    crate::read::warm_up();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        None => {
            // said before the screen is taken, so a script piping the
            // browser's output still learns of it, and the status says so
            let missing = report_missing(&cli.paths);
            crate::tui::run(cli.paths, limits, cli.config.as_deref())
                .map(|problems| ExitCode::from(u8::from(problems || missing)))
                .map_err(CliError::Io)
        }
        Some(Command::List(args)) => list(&args, &limits, &mut out),
        Some(Command::Show(args)) => show(&args, &limits, &mut out),
        Some(Command::Check(args)) => check(&args, &limits, &mut out),
        Some(Command::Vocabulary(args)) => match &args.check {
            Some(file) => vocabulary_check(file, &mut out),
            None => vocabulary(&args, crate::vocabulary::Vocabulary::get(), &mut out)
                .map(|()| ExitCode::SUCCESS)
                .map_err(CliError::Io),
        },
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "vitascope", &mut out);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config(_)) => out
            .write_all(crate::tui::config::default_file().as_bytes())
            .map(|()| ExitCode::SUCCESS)
            .map_err(CliError::Io),
        Some(Command::Man) => clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
            .render(&mut out)
            .map(|()| ExitCode::SUCCESS)
            .map_err(CliError::Io),
        Some(Command::Bench(a)) => crate::bench::run(
            &crate::bench::Config {
                paths: a.paths,
                text: a.text,
                haystack_out: a.haystack_out,
                rows: 50,
            },
            &limits,
            &mut out,
        )
        .map(|()| ExitCode::SUCCESS)
        .map_err(CliError::Io),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(CliError::Io(e)) => {
            eprintln!("vitascope: {e}");
            ExitCode::from(1)
        }
        Err(CliError::Usage(m)) => {
            eprintln!("vitascope: {m}");
            ExitCode::from(2)
        }
    }
}

/// Prints each path that does not exist on stderr; true when one did not.
fn report_missing(paths: &[PathBuf]) -> bool {
    let mut any = false;
    for p in paths
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_err())
    {
        eprintln!(
            "{}: cannot read: no such file or directory",
            visible(&p.display().to_string())
        );
        any = true;
    }
    any
}

/// What a command can fail with.
#[derive(Debug)]
pub enum CliError {
    Io(io::Error),
    Usage(String),
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError::Io(e)
    }
}

/// Loads the library and prints its diagnostics to stderr; the exit code
/// says whether every input could be read.
fn load(paths: &[PathBuf], limits: &Limits) -> (Library, ExitCode) {
    let library = Library::load(paths, limits);
    let mut err = io::stderr().lock();
    for d in &library.diagnostics {
        let _ = writeln!(err, "{d}");
    }
    let code = exit_code(&library);
    (library, code)
}

/// 1 when some input was not read: a whole file, or a record of one (an
/// error, not a warning); else 0.
fn exit_code(library: &Library) -> ExitCode {
    if library.has_unreadable()
        || library
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `list`: filter and print.
pub fn list(args: &ListArgs, limits: &Limits, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let vocab = Vocabulary::get();
    let q = list_query(args, vocab)?;
    let (library, code) = load(&args.paths, limits);
    let store = &library.store;
    let facets = facets(vocab, &args.nutrient, &args.condition, store)?;
    let mut hits = filter::search(store, &q, &facets);
    if args.sort != SortArg::Relevance {
        if args.sort == SortArg::Size {
            // every size is wanted: read them all, not only the first few
            let all: Vec<&Study> = hits.iter().filter_map(|h| store.get(h.index)).collect();
            crate::store::read_details(&all);
        }
        filter::sort_hits(store, &mut hits, args.sort.into());
    }
    let studies: Vec<&Study> = hits.iter().filter_map(|h| store.get(h.index)).collect();
    // every format shows or carries what the studies' texts say
    crate::store::read_details(&studies);
    match args.format {
        ListFormat::Table => write_table(&studies, terminal_width(), out)?,
        ListFormat::Json => export::write(ExportFormat::Json, &studies, out)?,
        ListFormat::Csv => export::write(ExportFormat::Csv, &studies, out)?,
        ListFormat::CsvDoses => export::write(ExportFormat::CsvDoses, &studies, out)?,
        ListFormat::Ris => export::write(ExportFormat::Ris, &studies, out)?,
        ListFormat::Bibtex => export::write(ExportFormat::Bibtex, &studies, out)?,
        ListFormat::Markdown => export::write(ExportFormat::Markdown, &studies, out)?,
    }
    Ok(code)
}

/// The query of `--query` with `--design`, `--min-n` and `--year` added as
/// clauses; a term that cannot be read is a usage error that says what is
/// allowed.
fn list_query(args: &ListArgs, vocab: &Vocabulary) -> Result<query::Query, CliError> {
    let mut q = query::parse(args.query.as_deref().unwrap_or(""), vocab);
    let mut problems = std::mem::take(&mut q.problems);
    let designs: Vec<Field> = args
        .design
        .iter()
        .filter_map(|d| match query::designs(d) {
            Ok(ds) => Some(ds.into_iter().map(|d| Field::Designs(vec![d]))),
            Err(e) => {
                problems.push(format!("--design {}: {e}", visible(d)));
                None
            }
        })
        .flatten()
        .collect();
    if !designs.is_empty() {
        q.require(designs);
    }
    if let Some(n) = args.min_n {
        q.require(vec![Field::Size(n, u32::MAX)]);
    }
    if let Some(y) = &args.year {
        let extra = query::parse(&format!("y:{y}"), vocab);
        problems.extend(
            extra
                .problems
                .iter()
                .map(|p| format!("--year {}: {p}", visible(y))),
        );
        q.clauses.extend(extra.clauses);
    }
    if problems.is_empty() {
        Ok(q)
    } else {
        Err(CliError::Usage(
            problems
                .iter()
                .map(|p| visible(p).into_owned())
                .collect::<Vec<_>>()
                .join("\nvitascope: "),
        ))
    }
}

/// Resolves `--nutrient`/`--condition` names (a nutrient may be a
/// substance the vocabulary lacks that a study's dose names); an unknown
/// name is a usage error that lists the known ones, since it could never
/// match.
pub fn facets(
    vocab: &Vocabulary,
    nutrients: &[String],
    conditions: &[String],
    store: &crate::store::Store,
) -> Result<Facets, CliError> {
    let mut f = Facets::default();
    for (kind, names, into, word) in [
        (Kind::Nutrient, nutrients, &mut f.nutrients, "nutrient"),
        (Kind::Condition, conditions, &mut f.conditions, "condition"),
    ] {
        for name in names {
            let known = vocab.resolve(kind, name).map(str::to_string);
            let canonical = known
                .or_else(|| filter::open_name(store, kind, name))
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "unknown {word} {:?} (`vitascope vocabulary` lists the names and aliases; \
                     add your own in $XDG_CONFIG_HOME/vitascope/vocabulary.json \
                     (~/.config/vitascope/vocabulary.json) or in a file named by \
                     VITASCOPE_VOCABULARY)",
                        visible(name)
                    ))
                })?;
            into.insert(canonical);
        }
    }
    Ok(f)
}

/// `vocabulary`: every name of both kinds, by category (or as a tree of
/// parents, or as JSON).
pub fn vocabulary(
    args: &VocabularyArgs,
    vocab: &Vocabulary,
    out: &mut dyn Write,
) -> io::Result<()> {
    let kinds = [
        (Kind::Nutrient, "nutrients"),
        (Kind::Condition, "conditions"),
    ];
    if args.json {
        let mut doc = serde_json::Map::new();
        for (kind, label) in kinds {
            let entries = vocab
                .names(kind)
                .map(|name| {
                    serde_json::json!({
                        "name": name,
                        "aliases": vocab.aliases(kind, name),
                        "parent": vocab.parent(kind, name),
                        "category": vocab.category(kind, name),
                    })
                })
                .collect();
            doc.insert(label.to_string(), serde_json::Value::Array(entries));
        }
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        return writeln!(out);
    }
    for (kind, label) in kinds {
        writeln!(out, "{label}")?;
        let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for name in vocab.names(kind) {
            if !args.tree || vocab.parent(kind, name).is_none() {
                let group = vocab.category(kind, name).unwrap_or("other");
                groups.entry(group).or_default().push(name);
            }
        }
        for (group, names) in groups {
            writeln!(out, "  {group}")?;
            for name in names {
                write_name(vocab, (kind, name), 2, args.tree, out)?;
            }
        }
    }
    Ok(())
}

/// `vocabulary --check FILE`: each problem as `FILE:LINE: what`, then how
/// many; exit 1 when there is one, or when the file cannot be read.
pub fn vocabulary_check(file: &std::path::Path, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let shown = file.display().to_string();
    let problems = match crate::vocabulary::check_file(file) {
        Ok(problems) => problems,
        Err(e) => {
            eprintln!("vitascope: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    for p in &problems {
        writeln!(
            out,
            "{}:{}: {}",
            visible(&shown),
            p.line,
            visible(&p.message)
        )?;
    }
    if problems.is_empty() {
        writeln!(out, "{}: no problems", visible(&shown))?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(out, "{}: {} problem(s)", visible(&shown), problems.len())?;
        Ok(ExitCode::from(1))
    }
}

/// `name` with its aliases and, with `tree`, indented below it, every
/// name whose parent it is.
fn write_name(
    vocab: &Vocabulary,
    (kind, name): (Kind, &str),
    depth: usize,
    tree: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let aliases = vocab.aliases(kind, name);
    let pad = "  ".repeat(depth);
    if aliases.is_empty() {
        writeln!(out, "{pad}{}", visible(name))?;
    } else {
        let joined = aliases.join(", ");
        let aliases = visible(&joined);
        writeln!(out, "{pad}{}: {aliases}", visible(name))?;
    }
    if !tree {
        return Ok(());
    }
    for child in vocab.with_descendants(kind, name) {
        // a cycle in a user's file is shown once, not followed
        if child != name && vocab.parent(kind, child) == Some(name) && depth < 12 {
            write_name(vocab, (kind, child), depth + 1, true, out)?;
        }
    }
    Ok(())
}

/// `show`: one study in full.
pub fn show(args: &ShowArgs, limits: &Limits, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let (library, code) = load(&args.paths, limits);
    let Some(study) = library.store.by_id(&args.id) else {
        return Err(CliError::Usage(format!(
            "no study with id {:?} (vitascope list shows the ids)",
            visible(&args.id)
        )));
    };
    let evidence = || crate::extract::evidence_of(study, crate::vocabulary::Vocabulary::get());
    match (args.format, args.explain) {
        (ShowFormat::Json, false) => crate::json_out::write(study, out)?,
        (ShowFormat::Json, true) => {
            crate::json_out::write(&explained_json(study, &evidence())?, out)?;
        }
        (ShowFormat::Text, explain) => {
            write_study(study, out)?;
            if explain {
                write_evidence(&evidence(), out)?;
            }
        }
    }
    Ok(code)
}

/// The study's record with an `evidence` object: each field's value and
/// the sentence it was read in.
fn explained_json(study: &Study, traces: &[crate::study::Trace]) -> io::Result<serde_json::Value> {
    let mut record = serde_json::to_value(study).map_err(io::Error::other)?;
    let evidence: serde_json::Map<String, serde_json::Value> = traces
        .iter()
        .map(|t| {
            let entry = serde_json::json!({ "value": t.value, "text": t.text });
            (t.field.clone(), entry)
        })
        .collect();
    if let Some(fields) = record.as_object_mut() {
        fields.insert("evidence".into(), evidence.into());
    }
    Ok(record)
}

/// Each extracted value under the sentence it was read in.
fn write_evidence(traces: &[crate::study::Trace], out: &mut dyn Write) -> io::Result<()> {
    if traces.is_empty() {
        return writeln!(out, "evidence: none kept for this study");
    }
    writeln!(out, "evidence:")?;
    for t in traces {
        writeln!(out, "  {} = {}", visible(&t.field), visible(&t.value))?;
        writeln!(out, "      “{}”", visible(&t.text))?;
    }
    Ok(())
}

/// `check`: per-file counts and every problem.
pub fn check(args: &CheckArgs, limits: &Limits, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let library = Library::load(&args.paths, limits);
    for f in &library.files {
        let path = visible(&f.path);
        match (f.read, f.format) {
            (true, Some(fmt)) => writeln!(out, "{path}: {} record(s) ({})", f.records, fmt.name())?,
            (true, None) => writeln!(out, "{path}: no records")?,
            (false, _) => writeln!(out, "{path}: NOT READ")?,
        }
        for d in library.diagnostics.iter().filter(|d| d.path == f.path) {
            writeln!(out, "  {d}")?;
        }
    }
    for d in library
        .diagnostics
        .iter()
        .filter(|d| !library.files.iter().any(|f| f.path == d.path))
    {
        writeln!(out, "  {d}")?;
    }
    let unread = library.files.iter().filter(|f| !f.read).count();
    let with_errors: std::collections::HashSet<&str> = library
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.path.as_str())
        .collect();
    let in_part = library
        .files
        .iter()
        .filter(|f| f.read && with_errors.contains(f.path.as_str()))
        .count();
    writeln!(
        out,
        "{} file(s), {} stud{} after merging, {} problem(s), {} file(s) not read, {} read in part",
        library.files.len(),
        library.store.len(),
        if library.store.len() == 1 { "y" } else { "ies" },
        library
            .diagnostics
            .iter()
            .map(crate::diagnostic::Diagnostic::count)
            .sum::<usize>(),
        unread,
        in_part
    )?;
    Ok(exit_code(&library))
}

fn terminal_width() -> usize {
    use std::io::IsTerminal;
    if io::stdout().is_terminal()
        && let Ok((w, _)) = crossterm::terminal::size()
    {
        return usize::from(w).max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(120)
        .max(40)
}
