//! Export speed: the ranking workbook of 10,000 sites × 60 criteria, and one scorecard.
//! The database is filled once (results bulk-inserted), then loading, scoring and writing are timed.
//!
//! Run: `scripts/bench.sh`. Settings: `BENCH_SITES` (default 10000), `BENCH_DIR` (default: target/bench),
//! `BENCH_REUSE=1` to time again on the database of the previous run (same settings) without filling it.

use std::time::Instant;

use ttdt_core::domain::{LegalRef, Level, Method, NewCampaign, NewCriterion, Reviewer, SiteInput};
use ttdt_core::export::{self, ExportOptions};
use ttdt_core::Store;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() {
    let sites: usize = std::env::var("BENCH_SITES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = std::env::var("BENCH_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/bench")
    });
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("export.db");
    let reuse = std::env::var("BENCH_REUSE").is_ok_and(|v| v == "1") && path.exists();
    let (campaign_id, setup) = if reuse {
        let store = Store::open(&path).unwrap();
        let c = store.list_campaigns().unwrap().into_iter().next().expect("a campaign from the previous run");
        assert_eq!(store.list_sites(c.id).unwrap().len(), sites, "the previous run used another BENCH_SITES");
        (c.id, 0.0)
    } else {
        fill(&path, sites)
    };
    let store = Store::open(&path).unwrap();
    let criteria = store.campaign_framework(campaign_id).unwrap().criteria;

    let t = Instant::now();
    let data = store.campaign_scores(campaign_id).unwrap();
    let load = t.elapsed().as_secs_f64();
    let head = ttdt_core::exports::letterhead(&store, campaign_id, None, None).unwrap();
    let t = Instant::now();
    let book = export::ranking_xlsx(&data, &head, ExportOptions::default()).unwrap();
    let write = t.elapsed().as_secs_f64();
    std::fs::write(dir.join("xep-hang.xlsx"), &book).unwrap();

    let mut times = Vec::new();
    for s in data.sites.iter().take(50) {
        let t = Instant::now();
        let bytes = export::scorecard_xlsx(&data, s.id, &head, ExportOptions::default()).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(bytes.len() > 1000);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let setup = if reuse { "database reused".to_string() } else { format!("setup {setup:.1} s") };
    println!("export: {sites} sites × {} criteria ({} results), {setup}", criteria.len(), sites * criteria.len());
    println!("  load and score the campaign: {load:.2} s");
    println!("  ranking workbook: {write:.2} s, {:.1} MB", book.len() as f64 / 1e6);
    println!("  load + ranking workbook: {:.2} s (target <= 5 s: {})", load + write, if load + write <= 5.0 { "met" } else { "NOT met" });
    println!(
        "  one scorecard (data loaded): median {:.1} ms, max {:.1} ms over {} (target <= 50 ms: {})",
        times[times.len() / 2],
        times[times.len() - 1],
        times.len(),
        if times[times.len() - 1] <= 50.0 { "met" } else { "NOT met" }
    );
    println!("  peak memory (VmHWM): {:.0} MB", peak_rss_mb());
}

/// Creates the database: one campaign of `sites` sites × 60 criteria, every result a tool result.
/// Returns the campaign and the seconds it took.
fn fill(path: &std::path::Path, sites: usize) -> (i64, f64) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let t = Instant::now();
    let mut store = Store::open(path).unwrap();
    store.set_reviewer(&Reviewer { name: "Bench".into(), unit: "Cục Chuyển đổi số quốc gia".into() }).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Bench".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap();
    // 56 criteria in the framework, plus 4 added to the campaign's copy: 60.
    for n in 27..31 {
        store
            .add_campaign_criterion(c.id, &NewCriterion {
                code: format!("CT.{n}"),
                group_code: "CT".into(),
                title: format!("Tiêu chí bổ sung {n}"),
                method: Method::Manual,
                points: 1.0,
                levels: vec![],
                legal_basis: vec![LegalRef { text: "Nghị định 224/2026/NĐ-CP".into(), article: "Điều 9".into() }],
                guidance: String::new(),
            })
            .unwrap();
    }
    let criteria = store.campaign_framework(c.id).unwrap().criteria;
    assert_eq!(criteria.len(), 60);
    let levels = [Level::Ministry, Level::MinistryUnit, Level::Province, Level::ProvincialDepartment, Level::Commune];
    let mut evaluations = Vec::with_capacity(sites);
    for i in 0..sites {
        let s = store
            .add_site(c.id, &SiteInput {
                agency_name: format!("Đơn vị số {i}"),
                level: levels[i % levels.len()],
                block: String::new(),
                url: format!("https://dv{i}.tinh{}.gov.vn", i % 63),
                parent_site_id: None,
            })
            .unwrap();
        evaluations.push(s.evaluation_id);
    }
    drop(store);
    {
        // Results bulk-inserted in one transaction (the store's per-result path is measured by save_latency).
        let mut conn = rusqlite::Connection::open(path).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO criterion_result (evaluation_id, criterion_code, outcome, share, points, mode, evidence,
                     note, asserted_by, asserted_at) VALUES (?1, ?2, ?3, ?4, ?5, 'automatic', ?6, '', 'Bench', '2026-11-23T00:00:00Z')",
                )
                .unwrap();
            for (i, e) in evaluations.iter().enumerate() {
                for (j, k) in criteria.iter().enumerate() {
                    let (outcome, share) = match (i + j) % 7 {
                        0 => ("fail", 0.0),
                        1 => ("partial", 0.5),
                        _ => ("pass", 1.0),
                    };
                    let evidence = format!("{{\"summary\":\"đã kiểm tra {} trên trang chủ\"}}", k.code);
                    stmt.execute(rusqlite::params![e, k.code, outcome, share, k.points * share, evidence]).unwrap();
                }
            }
        }
        tx.commit().unwrap();
    }
    (c.id, t.elapsed().as_secs_f64())
}
