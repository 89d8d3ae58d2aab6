//! Writes the seed corpus of every fuzz target (`ttdt_testkit::fuzz::seeds`) into
//! `DIR/<target>/`, one file per seed; `scripts/fuzz.sh` runs it before fuzzing.
//! Usage: cargo run -p ttdt-testkit --example fuzz_seeds -- DIR

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fuzz/corpus".into()));
    for t in ttdt_testkit::fuzz::TARGETS {
        let out = dir.join(t.name);
        std::fs::create_dir_all(&out)?;
        let seeds = ttdt_testkit::fuzz::seeds(t.name);
        for (name, bytes) in &seeds {
            // libFuzzer names its own finds by their SHA-1; seeds keep a readable name.
            std::fs::write(out.join(format!("seed-{}", name.replace(['/', '\\'], "-"))), bytes)?;
        }
        println!("{}: {} seeds in {}", t.name, seeds.len(), out.display());
    }
    Ok(())
}
