//! A short fuzz run in every test run: each fuzz target's body (`ttdt_testkit::fuzz`, the same
//! function `fuzz/fuzz_targets/*.rs` call) on its seeds and on deterministic mutations of them.
//! A panic fails the test; so does an input that takes longer than libFuzzer's timeout.
//! The long runs are `scripts/fuzz.sh` (cargo-fuzz); `FUZZ_SMOKE_SCALE=10` runs ten times more
//! mutations here.

use std::time::{Duration, Instant};

use ttdt_testkit::fuzz::{self, Mutator, Target};

/// Mutations per target in a test run, sized for about 30 s in all in the debug profile on a
/// 2-core machine (the page target judges every check on each input).
fn mutations(target: &str) -> usize {
    let scale = std::env::var("FUZZ_SMOKE_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    scale
        * match target {
            "page" => 1200,
            "framework" => 5000,
            "import" => 5000,
            _ => 20_000,
        }
}

/// Runs the target on one input, timed; the input is written to the panic message's context.
fn run(target: &Target, label: &str, input: &[u8], slowest: &mut (Duration, String)) {
    let start = Instant::now();
    (target.body)(input);
    let took = start.elapsed();
    assert!(took < fuzz::TIMEOUT, "{} on {label}: took {took:?}", target.name);
    if took > slowest.0 {
        *slowest = (took, label.to_string());
    }
}

fn smoke(name: &str, seed: u64) {
    let target = fuzz::TARGETS.iter().find(|t| t.name == name).expect("a fuzz target");
    let seeds = fuzz::seeds(name);
    assert!(seeds.len() >= 3, "{name}: {} seeds", seeds.len());
    let start = Instant::now();
    let mut slowest = (Duration::ZERO, String::new());
    for (label, input) in &seeds {
        run(target, label, input, &mut slowest);
    }
    let mut m = Mutator::new(seed);
    let count = mutations(name);
    for i in 0..count {
        let (label, input) = &seeds[i % seeds.len()];
        let mutated = m.mutate(input);
        // A panic message names the target; the mutation is reproduced from the seed and `i`.
        run(target, &format!("mutation {i} of {label}"), &mutated, &mut slowest);
    }
    eprintln!(
        "fuzz smoke {name}: {} seeds and {count} mutations in {:?}; slowest {:?} ({})",
        seeds.len(),
        start.elapsed(),
        slowest.0,
        slowest.1
    );
}

#[test]
fn page_survives_its_seeds_and_their_mutations() {
    smoke("page", 0x7464_7464_0001);
}

#[test]
fn framework_survives_its_seeds_and_their_mutations() {
    smoke("framework", 0x7464_7464_0002);
}

#[test]
fn import_survives_its_seeds_and_their_mutations() {
    smoke("import", 0x7464_7464_0003);
}

#[test]
fn sniff_survives_its_seeds_and_their_mutations() {
    smoke("sniff", 0x7464_7464_0004);
}

#[test]
fn every_fuzz_target_has_seeds_and_a_target_file() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fuzz/fuzz_targets");
    for t in fuzz::TARGETS {
        assert!(dir.join(format!("{}.rs", t.name)).is_file(), "fuzz/fuzz_targets/{}.rs", t.name);
        assert!(!fuzz::seeds(t.name).is_empty());
    }
}

/// The seeds reach past the first refusals: the well-formed ones are read, so mutations of them
/// explore the readers rather than the checks of the first bytes.
#[test]
fn the_well_formed_seeds_are_read() {
    let seed = |target: &str, name: &str| {
        fuzz::seeds(target).into_iter().find(|(n, _)| n.ends_with(name)).unwrap_or_else(|| panic!("{target} seed {name}")).1
    };
    for name in ["stored.xlsx", "stored.ods", "sites.xls", "sites.xlsx", "valid.csv", "semicolon.csv", "utf16.csv", "cp1258.csv"] {
        let input = seed("import", name);
        let kind = fuzz::IMPORT_NAMES[usize::from(input[0])];
        assert_eq!(kind.rsplit('.').next(), name.rsplit('.').next(), "{name}: its first byte names its format");
        let table = ttdt_core::import::read_table(&input[1..], kind, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(table.rows.len() >= 2, "{name}: {:?}", table.rows);
    }
    use ttdt_core::sniff::{sniff, DocKind};
    for (name, kind) in [
        ("stored.docx", DocKind::Docx),
        ("stored.odt", DocKind::Odt),
        ("stored.xlsx", DocKind::Xlsx),
        ("stored.ods", DocKind::Ods),
        ("sites.xlsx", DocKind::Xlsx),
        ("quy-che-van-hanh.pdf", DocKind::Pdf),
        ("tiny.png", DocKind::Png),
        ("tiny.jpg", DocKind::Jpeg),
        ("tiny.gif", DocKind::Gif),
        ("tiny.webp", DocKind::Webp),
    ] {
        assert_eq!(sniff(&seed("sniff", name)), Some(kind), "{name}");
    }
    assert_eq!(sniff(&seed("sniff", "program.docx")), None, "an archive carrying a program is no document");
    let valid = seed("framework", "valid.toml");
    ttdt_core::frameworks::parse(std::str::from_utf8(&valid).unwrap()).expect("the valid framework seed parses");
    for (name, html) in fuzz::seeds("page").into_iter().filter(|(n, _)| !n.starts_with("too-deep")) {
        let url = fuzz::PAGE_URL.parse().unwrap();
        assert!(ttdt_core::snapshot::html::PageFacts::read(&url, &String::from_utf8_lossy(&html)).is_ok(), "{name}");
    }
}
