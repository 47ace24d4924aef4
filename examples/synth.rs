//! A synthetic library for scale tests: N deterministic nutrition studies
//! as `PubMed` MEDLINE text (the `.nbib` export) or as vitascope's JSON record
//! array.
//!
//! ```text
//! cargo run --release --example synth -- 100000 > big.nbib
//! cargo run --release --example synth -- 1000000 --format json --seed 7 > big.json
//! ```
//!
//! The same N and seed always give the same bytes: a tiny splitmix64 stands
//! in for a random crate so the output never changes with a dependency.

use std::io::{self, BufWriter, Write};

use vitascope::study::{Citation, Design, Details, Dose, Population, Source, Study, Unit};

/// splitmix64: small, fast, and good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// (canonical nutrient, forms as written, typical amounts, unit)
const NUTRIENTS: &[(&str, &[&str], &[f64], Unit)] = &[
    (
        "vitamin K2",
        &["menaquinone-7", "MK-7", "menaquinone-4", "MK-4"],
        &[45.0, 90.0, 180.0, 360.0, 1500.0],
        Unit::Mcg,
    ),
    (
        "vitamin K1",
        &["phylloquinone", "phytonadione"],
        &[100.0, 500.0, 1000.0],
        Unit::Mcg,
    ),
    (
        "vitamin D3",
        &["cholecalciferol", "vitamin D3"],
        &[400.0, 800.0, 1000.0, 2000.0, 4000.0],
        Unit::Iu,
    ),
    (
        "calcium",
        &["calcium carbonate", "calcium citrate"],
        &[500.0, 1000.0, 1200.0],
        Unit::Mg,
    ),
    (
        "magnesium",
        &[
            "magnesium citrate",
            "magnesium oxide",
            "magnesium glycinate",
        ],
        &[250.0, 300.0, 400.0],
        Unit::Mg,
    ),
    (
        "omega-3",
        &["fish oil", "EPA and DHA", "krill oil"],
        &[1.0, 2.0, 4.0],
        Unit::G,
    ),
    (
        "zinc",
        &["zinc gluconate", "zinc sulfate"],
        &[15.0, 25.0, 50.0],
        Unit::Mg,
    ),
    (
        "folate",
        &["folic acid", "methylfolate"],
        &[400.0, 800.0, 5000.0],
        Unit::Mcg,
    ),
    (
        "vitamin C",
        &["ascorbic acid"],
        &[250.0, 500.0, 1000.0],
        Unit::Mg,
    ),
    (
        "iron",
        &["ferrous sulfate", "iron bisglycinate"],
        &[18.0, 65.0],
        Unit::Mg,
    ),
    (
        "selenium",
        &["selenomethionine"],
        &[100.0, 200.0],
        Unit::Mcg,
    ),
    (
        "vitamin B12",
        &["cyanocobalamin", "methylcobalamin"],
        &[250.0, 1000.0],
        Unit::Mcg,
    ),
];

/// (canonical condition, `MeSH` heading, outcome phrase)
const CONDITIONS: &[(&str, &str, &str)] = &[
    ("osteoporosis", "Osteoporosis, Postmenopausal", "bone loss"),
    ("fracture", "Fractures, Bone", "fracture incidence"),
    (
        "bone mineral density",
        "Bone Density",
        "lumbar spine bone mineral density",
    ),
    (
        "cardiovascular disease",
        "Cardiovascular Diseases",
        "major cardiovascular events",
    ),
    (
        "vascular calcification",
        "Vascular Calcification",
        "coronary artery calcification score",
    ),
    (
        "arterial stiffness",
        "Vascular Stiffness",
        "carotid-femoral pulse wave velocity",
    ),
    ("type 2 diabetes", "Diabetes Mellitus, Type 2", "HbA1c"),
    ("hypertension", "Hypertension", "systolic blood pressure"),
    (
        "chronic kidney disease",
        "Renal Insufficiency, Chronic",
        "dephosphorylated uncarboxylated matrix Gla protein",
    ),
    ("depression", "Depression", "depressive symptom scores"),
    (
        "respiratory infection",
        "Respiratory Tract Infections",
        "acute respiratory infection episodes",
    ),
    ("dyslipidemia", "Dyslipidemias", "serum triglycerides"),
    (
        "cognitive decline",
        "Cognitive Dysfunction",
        "memory scores",
    ),
    ("sarcopenia", "Sarcopenia", "grip strength"),
];

const DESIGNS: &[(Design, &str, &str)] = &[
    (
        Design::Rct,
        "Randomized Controlled Trial",
        "a randomized, double-blind, placebo-controlled trial",
    ),
    (
        Design::ControlledTrial,
        "Controlled Clinical Trial",
        "an open-label controlled trial",
    ),
    (
        Design::Cohort,
        "Observational Study",
        "a prospective cohort study",
    ),
    (
        Design::CaseControl,
        "Observational Study",
        "a case-control study",
    ),
    (
        Design::CrossSectional,
        "Observational Study",
        "a cross-sectional analysis",
    ),
    (
        Design::MetaAnalysis,
        "Meta-Analysis",
        "a meta-analysis of randomized controlled trials",
    ),
    (
        Design::SystematicReview,
        "Systematic Review",
        "a systematic review",
    ),
    (Design::Review, "Review", "a narrative review"),
    (Design::Animal, "Journal Article", "an experiment in rats"),
];

const POPULATIONS: &[&str] = &[
    "postmenopausal women",
    "healthy older adults",
    "patients on hemodialysis",
    "children aged 6-12 years",
    "adults with type 2 diabetes",
    "community-dwelling men",
    "pregnant women",
    "nursing home residents",
    "patients with coronary artery disease",
    "athletes",
];

const SURNAMES: &[&str] = &[
    "Knapen",
    "Schurgers",
    "Vermeer",
    "Zhang",
    "Wang",
    "Li",
    "Chen",
    "Liu",
    "Smith",
    "Johnson",
    "Garcia",
    "Müller",
    "Rossi",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Nguyen",
    "Haruna",
    "Iwamoto",
    "Theuwissen",
    "Geleijnse",
    "Beulens",
    "Shea",
    "Booth",
    "Holick",
    "Heaney",
    "Dawson-Hughes",
    "Bischoff-Ferrari",
    "Manson",
    "Lappe",
    "Cashman",
    "Kiely",
    "Pilz",
    "März",
    "Zittermann",
    "Fusaro",
    "Gallieni",
    "Cockayne",
    "Emaus",
    "Rønn",
    "Mølgaard",
    "O'Connor",
    "Núñez",
    "Silva",
    "Santos",
    "Kowalski",
    "Novak",
    "Ivanova",
    "Andersen",
    "Larsen",
    "Virtanen",
    "Hoffmann",
];

const GIVEN: &[&str] = &[
    "Marjo", "Leon", "Cees", "Wei", "Yan", "Hui", "John", "Maria", "Anna", "Kenji", "Yuki",
    "Min-Jun", "Sarah", "Peter", "Elena", "Lars", "Sofia", "Ahmed", "Priya", "Carlos",
];

const JOURNALS: &[(&str, &str)] = &[
    ("Osteoporos Int", "Osteoporosis international"),
    ("J Bone Miner Res", "Journal of bone and mineral research"),
    (
        "Am J Clin Nutr",
        "The American journal of clinical nutrition",
    ),
    ("Nutrients", "Nutrients"),
    ("Thromb Haemost", "Thrombosis and haemostasis"),
    ("J Nutr", "The Journal of nutrition"),
    ("Eur J Nutr", "European journal of nutrition"),
    ("BMJ", "BMJ (Clinical research ed.)"),
    ("JAMA", "JAMA"),
    (
        "Nephrol Dial Transplant",
        "Nephrology, dialysis, transplantation",
    ),
    ("Atherosclerosis", "Atherosclerosis"),
    ("Bone", "Bone"),
];

const DURATIONS: &[&str] = &[
    "8 weeks", "12 weeks", "24 weeks", "6 months", "1 year", "2 years", "3 years", "5 years",
];

const TITLE_SHAPES: &[&str] = &[
    "Effect of {form} supplementation on {outcome} in {pop}: {design_short}",
    "{nutrient} intake and risk of {condition} in {pop}",
    "{Form} and {condition}: {design_short}",
    "Does {nutrient} prevent {condition}? Results from {design_phrase}",
    "Association of {nutrient} status with {outcome} among {pop}",
    "{Nutrient} and {nutrient2} co-supplementation for {condition} in {pop}",
    "Low-dose {form} improves {outcome} in {pop}",
    "{Nutrient} in the prevention of {condition}: {design_short}",
];

/// One generated study: the record plus MEDLINE-only parts.
struct Synth {
    study: Study,
    mesh: Vec<String>,
    pub_type: &'static str,
    journal_full: &'static str,
    full_authors: Vec<String>,
    pmid: u64,
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn fmt_amount(a: f64) -> String {
    if a.fract() == 0.0 {
        format!("{a:.0}")
    } else {
        format!("{a}")
    }
}

#[allow(clippy::too_many_lines)]
fn make(rng: &mut Rng, i: u64) -> Synth {
    let n_idx = rng.below(NUTRIENTS.len());
    let (nutrient, forms, amounts, unit) = NUTRIENTS[n_idx];
    let form = *rng.pick(forms);
    let amount = *rng.pick(amounts);
    let (condition, mesh_heading, outcome) = *rng.pick(CONDITIONS);
    let (design, pub_type, design_phrase) = *rng.pick(DESIGNS);
    let pop = *rng.pick(POPULATIONS);
    let duration = *rng.pick(DURATIONS);
    let n = rng.range(24, 4800);
    let year = rng.range(1975, 2025) as i32;
    let (ta, jt) = *rng.pick(JOURNALS);
    let mut n2 = NUTRIENTS[rng.below(NUTRIENTS.len())].0;
    if n2 == nutrient {
        n2 = NUTRIENTS[(n_idx + 1) % NUTRIENTS.len()].0;
    }
    let design_short = match design {
        Design::Rct => "a randomized controlled trial",
        Design::MetaAnalysis => "a systematic review and meta-analysis",
        Design::Cohort => "a prospective cohort study",
        _ => design_phrase,
    };
    let title = rng
        .pick(TITLE_SHAPES)
        .replace("{form}", form)
        .replace("{Form}", &capitalise(form))
        .replace("{outcome}", outcome)
        .replace("{pop}", pop)
        .replace("{design_short}", design_short)
        .replace("{design_phrase}", design_phrase)
        .replace("{nutrient}", nutrient)
        .replace("{Nutrient}", &capitalise(nutrient))
        .replace("{nutrient2}", n2)
        .replace("{condition}", condition)
        + ".";

    let n_auth = rng.range(1, 8) as usize;
    let mut authors = Vec::with_capacity(n_auth);
    let mut full_authors = Vec::with_capacity(n_auth);
    for _ in 0..n_auth {
        let sur = *rng.pick(SURNAMES);
        let given = *rng.pick(GIVEN);
        let second = (b'A' + rng.below(26) as u8) as char;
        let initials: String = given
            .split('-')
            .filter_map(|p| p.chars().next())
            .chain(rng.chance(40).then_some(second))
            .collect();
        authors.push(format!("{sur} {initials}"));
        full_authors.push(format!("{sur}, {given}"));
    }

    let dose_text = format!(
        "{} {} of {form} {}",
        fmt_amount(amount),
        unit.as_str(),
        if rng.chance(70) { "daily" } else { "per day" }
    );
    let effect = rng.range(5, 45);
    let p = match rng.below(4) {
        0 => "P<0.001".to_string(),
        1 => format!("P=0.0{}", rng.range(1, 4)),
        2 => format!("P=0.{}", rng.range(10, 80)),
        _ => "P<0.05".to_string(),
    };
    let finding = if rng.chance(60) {
        format!(
            "{} reduced {outcome} by {effect}% versus placebo ({p})",
            capitalise(form)
        )
    } else {
        format!("No significant difference in {outcome} between groups ({p})")
    };
    let background = format!(
        "{} is thought to influence {condition}, but evidence from {pop} is limited. \
         We examined whether {form} affects {outcome}.",
        capitalise(nutrient)
    );
    let methods = format!(
        "In {design_phrase}, {n} {pop} received {dose_text} or placebo for {duration}. \
         The primary outcome was {outcome}; secondary outcomes included {} and adverse events. \
         Participants were recruited from outpatient clinics and followed at baseline, midpoint \
         and the end of the intervention; adherence was checked by capsule counts and serum \
         concentrations. Analyses were by intention to treat.",
        CONDITIONS[rng.below(CONDITIONS.len())].2
    );
    let results = format!(
        "{} participants completed the study. {finding}. Circulating {n2} did not differ. \
         Adverse events were rare and similar between groups, and no participant withdrew \
         because of side effects. Results were consistent in sensitivity analyses adjusted \
         for age, sex, body mass index and baseline intake.",
        n - rng.range(0, n / 10)
    );
    let conclusions = format!(
        "In {pop}, {dose_text} for {duration} {} {outcome}. Larger trials of {nutrient} \
         and {condition} are warranted.",
        if finding.starts_with("No") {
            "did not change"
        } else {
            "improved"
        }
    );
    let abstract_text = if rng.chance(55) {
        format!(
            "BACKGROUND: {background} METHODS: {methods} RESULTS: {results} CONCLUSIONS: {conclusions}"
        )
    } else {
        format!("{background} {methods} {results} {conclusions}")
    };

    let mut mesh = vec![
        "Humans".to_string(),
        mesh_heading.to_string(),
        match nutrient {
            "vitamin K2" => "Vitamin K 2/administration & dosage".to_string(),
            "vitamin K1" => "Vitamin K 1/therapeutic use".to_string(),
            "vitamin D3" => "Cholecalciferol/administration & dosage".to_string(),
            "omega-3" => "Fatty Acids, Omega-3/therapeutic use".to_string(),
            other => format!("{}/administration & dosage", capitalise(other)),
        },
        "Dietary Supplements".to_string(),
    ];
    if rng.chance(50) {
        mesh.push(if rng.chance(50) { "Female" } else { "Male" }.to_string());
    }
    if rng.chance(50) {
        mesh.push("Aged".to_string());
    }
    let pmid = 10_000_000 + i * 7 + rng.below(7) as u64;
    let volume = rng.range(1, 120).to_string();
    let issue = rng.range(1, 12).to_string();
    let first = rng.range(1, 2400);
    let pages = format!("{first}-{}", first + rng.range(4, 14));
    let doi = format!("10.{}/synth.{year}.{i}", 1000 + rng.below(9000));
    let form_field = (rng.chance(80)).then(|| form.to_string());

    let study = Study {
        id: String::new(),
        title,
        design,
        citation: Citation {
            authors: authors.into(),
            year: Some(year),
            journal: Some(ta.into()),
            volume: Some(volume),
            issue: Some(issue),
            pages: Some(pages),
            doi: Some(doi),
            pmid: Some(pmid.to_string()),
            url: None,
        },
        details: Details {
            population: Population {
                n: Some(n),
                description: Some(pop.to_string()),
                species: Some(
                    if design == Design::Animal {
                        "rat"
                    } else {
                        "human"
                    }
                    .to_string(),
                ),
                age_min: None,
                age_max: None,
                sex: None,
            },
            included_studies: (design == Design::MetaAnalysis).then(|| rng.range(4, 40)),
            doses: vec![Dose {
                nutrient: Some(nutrient.to_string()),
                form: form_field,
                amount,
                unit,
                per: Some("day".to_string()),
                text: dose_text,
            }],
            comparator: Some("placebo".to_string()),
            duration: Some(duration.to_string()),
            findings: vec![finding],
            evidence: Vec::new(),
        }
        .into(),
        nutrients: vec![nutrient.into()],
        conditions: vec![condition.into()],
        source: Source {
            path: "synth".into(),
            headline: None,
            line: None,
        },
        sources: Vec::new(),
        abstract_text: Some(abstract_text),
    };
    Synth {
        study,
        mesh,
        pub_type,
        journal_full: jt,
        full_authors,
        pmid,
    }
}

/// Writes `TAG - text` with MEDLINE's 6-space continuation lines, wrapped
/// at a word boundary near 80 columns.
fn field(out: &mut impl Write, tag: &str, text: &str) -> io::Result<()> {
    let mut line = format!("{tag:<4}- ");
    let mut first = true;
    for word in text.split(' ') {
        let room = line.len() + usize::from(!first) + word.len();
        if !first && room > 80 {
            writeln!(out, "{line}")?;
            line = String::from("      ");
            first = true;
        }
        if !first {
            line.push(' ');
        }
        line.push_str(word);
        first = false;
    }
    writeln!(out, "{line}")
}

fn medline(out: &mut impl Write, s: &Synth) -> io::Result<()> {
    let st = &s.study;
    let c = &st.citation;
    field(out, "PMID", &s.pmid.to_string())?;
    field(out, "OWN", "NLM")?;
    field(out, "STAT", "MEDLINE")?;
    field(out, "DP", &c.year.unwrap_or(2000).to_string())?;
    field(out, "TI", &st.title)?;
    field(out, "PG", c.pages.as_deref().unwrap_or(""))?;
    field(
        out,
        "LID",
        &format!("{} [doi]", c.doi.as_deref().unwrap_or("")),
    )?;
    field(out, "AB", st.abstract_text.as_deref().unwrap_or(""))?;
    for (fau, au) in s.full_authors.iter().zip(&c.authors) {
        field(out, "FAU", fau)?;
        field(out, "AU", au)?;
    }
    field(out, "LA", "eng")?;
    field(out, "PT", "Journal Article")?;
    if s.pub_type != "Journal Article" {
        field(out, "PT", s.pub_type)?;
    }
    field(out, "TA", c.journal.as_deref().unwrap_or(""))?;
    field(out, "JT", s.journal_full)?;
    field(out, "VI", c.volume.as_deref().unwrap_or(""))?;
    field(out, "IP", c.issue.as_deref().unwrap_or(""))?;
    for m in &s.mesh {
        field(out, "MH", m)?;
    }
    field(
        out,
        "AID",
        &format!("{} [doi]", c.doi.as_deref().unwrap_or("")),
    )?;
    writeln!(out)
}

fn main() -> std::process::ExitCode {
    let mut n: Option<u64> = None;
    let mut json = false;
    let mut seed: u64 = 1;
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth N [--format medline|json] [--seed S]";
    while let Some(a) = args.next() {
        match a.as_str() {
            "--format" => match args.next().as_deref() {
                Some("json") => json = true,
                Some("medline") => json = false,
                other => {
                    eprintln!("synth: unknown format {other:?}\n{usage}");
                    return std::process::ExitCode::from(2);
                }
            },
            "--seed" => {
                let Some(s) = args.next().and_then(|s| s.parse().ok()) else {
                    eprintln!("synth: --seed wants a number\n{usage}");
                    return std::process::ExitCode::from(2);
                };
                seed = s;
            }
            other => {
                let Ok(v) = other.parse() else {
                    eprintln!("synth: not a count: {other:?}\n{usage}");
                    return std::process::ExitCode::from(2);
                };
                n = Some(v);
            }
        }
    }
    let Some(n) = n else {
        eprintln!("{usage}");
        return std::process::ExitCode::from(2);
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut rng = Rng(seed);
    let result = (|| -> io::Result<()> {
        if json {
            out.write_all(b"[\n")?;
        }
        for i in 0..n {
            let s = make(&mut rng, i);
            if json {
                if i > 0 {
                    out.write_all(b",\n")?;
                }
                serde_json::to_writer(&mut out, &s.study).map_err(io::Error::other)?;
            } else {
                medline(&mut out, &s)?;
            }
        }
        if json {
            out.write_all(b"\n]\n")?;
        }
        out.flush()
    })();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
