//! Save latency of a reviewer's edit: the time from calling `Store::review` to its return,
//! which is after the transaction has committed with `synchronous = FULL` (durable on disk).
//! The database holds a campaign of 1,000 sites with results already recorded.
//!
//! Run: `scripts/bench.sh` (or `cargo bench -p ttdt-core --bench save_latency`).
//! Settings: `BENCH_SITES` (default 1000), `BENCH_EDITS` (default 2000), `BENCH_DIR` (default: target/bench).

use std::time::Instant;

use ttdt_core::domain::{Level, NewCampaign, NewResult, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::Store;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let sites = env("BENCH_SITES", 1000);
    let edits = env("BENCH_EDITS", 2000);
    let dir = std::env::var("BENCH_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/bench")
    });
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("save-latency.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = Store::open(&path).unwrap();
    store.set_reviewer(&Reviewer { name: "Bench".into(), unit: String::new() }).unwrap();
    let c = store
        .create_campaign(&NewCampaign { name: "Bench".into(), year: 2026, framework_id: "TT22-ND224-2026".into() })
        .unwrap();
    let setup = Instant::now();
    let mut ids = Vec::with_capacity(sites);
    let automated = ["KN.01", "KN.02", "KN.05", "CT.06", "CT.09", "CT.15", "CT.16", "CT.18", "CT.19", "CT.20", "DT.01", "DT.03", "TM.01", "TM.02", "TM.03", "TM.04"];
    for i in 0..sites {
        let level = [Level::Province, Level::ProvincialDepartment, Level::Commune][i % 3];
        let s = store
            .add_site(c.id, &SiteInput {
                agency_name: format!("Đơn vị số {i}"),
                level,
                block: String::new(),
                url: format!("https://dv{i}.sonha.gov.vn"),
                parent_site_id: None,
            })
            .unwrap();
        for code in automated {
            let outcome = if (i + code.len()) % 4 == 0 { Outcome::Fail } else { Outcome::Pass };
            store
                .record_tool_result(s.id, &NewResult {
                    criterion_code: code.into(),
                    outcome,
                    share: 0.0,
                    evidence: serde_json::json!({ "url": format!("https://dv{i}.sonha.gov.vn/"), "found": outcome == Outcome::Pass }),
                    note: String::new(),
                })
                .unwrap();
        }
        ids.push(s.id);
    }
    let setup_s = setup.elapsed().as_secs_f64();

    let manual = ["QL.03", "QL.04", "QL.05", "KN.07", "SD.01"];
    let mut rng: u64 = 0x5eed;
    let mut lat = Vec::with_capacity(edits);
    for n in 0..edits {
        rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let site = ids[(rng >> 33) as usize % ids.len()];
        let code = manual[n % manual.len()];
        let input = ReviewInput {
            outcome: if n % 2 == 0 { Outcome::Pass } else { Outcome::Fail },
            share: None,
            points: None,
            note: format!("ghi chú lần {n}"),
            checklist: vec![],
            reason: String::new(),
        };
        let t = Instant::now();
        store.review(site, code, &input).unwrap();
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(format!("{}-wal", path.display())).map(|m| m.len()).unwrap_or(0);
    println!("save latency: {sites} sites, {} tool results, {edits} reviewer edits, database {}", sites * automated.len(), path.display());
    println!("  setup {setup_s:.1} s, database {:.1} MB", size as f64 / 1e6);
    println!(
        "  edit acknowledged after commit (ms): p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&lat, 0.50),
        percentile(&lat, 0.95),
        percentile(&lat, 0.99),
        lat[lat.len() - 1]
    );
    let p99 = percentile(&lat, 0.99);
    println!("  target p99 <= 20 ms: {}", if p99 <= 20.0 { "met" } else { "NOT met" });
}
